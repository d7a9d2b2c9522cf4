#pragma once
// Lets core's SweepEvent travel in queued Qt signals (declared before any signal uses it).
#include <QMetaType>

#include "core/run/SweepEvents.h"

Q_DECLARE_METATYPE(w2s::SweepEvent)

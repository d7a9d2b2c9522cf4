#pragma once
// Validates a sweep the way `w2s run` would and estimates its cost against a store. Plain
// functions (no widgets) so the designer can run them off the GUI thread and tests can call them.
#include <QString>

namespace w2s {

/// What a sweep would do in a store.
struct SweepCheck {
  bool valid = false;
  QString error;      ///< core's SpecError message when invalid
  QString errorPath;  ///< the field path it names, e.g. "ladder[2].width" ("" if none)
  int planned = 0, weak = 0, ceilings = 0, students = 0;
  int alreadyDone = 0;     ///< planned jobs the store already has, done
  double etaSeconds = -1;  ///< wall time for the jobs still to run; -1 when no history
  QString storeError;      ///< the store could not be read (the sweep itself may be valid)
};

/// Parses `sweepJson` with SweepSpec::fromJson (source name `source`), plans it, and counts
/// the planned jobs already done in the store `dbPath` ("" = no store). The ETA divides the
/// summed per-job estimates (mean seconds of finished jobs with the same task, model and
/// training settings; else of the same kind and model) by `jobs`. thread-safety: any thread
/// (opens its own store connection).
SweepCheck checkSweep(const QString& sweepJson, const QString& dbPath, int jobs,
                      const QString& source = QStringLiteral("designer"));

/// The field path in a SpecError message "SOURCE: PATH: expected ...", e.g.
/// "designer: ladder[2].width: expected ..." -> "ladder[2].width". "" if there is none.
QString specErrorPath(const QString& message, const QString& source);

}  // namespace w2s

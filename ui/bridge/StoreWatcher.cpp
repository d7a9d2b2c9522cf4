#include "ui/bridge/StoreWatcher.h"

#include <QTimer>

#include "core/store/RunStore.h"

namespace w2s {

StoreWatcher::StoreWatcher(int intervalMs, QObject* parent)
    : QObject(parent), timer_(new QTimer(this)) {
  timer_->setInterval(intervalMs);
  connect(timer_, &QTimer::timeout, this, &StoreWatcher::check);
}

void StoreWatcher::setStore(std::shared_ptr<RunStore> store) {
  store_ = std::move(store);
  version_ = -1;
  if (store_) {
    check();
    timer_->start();
  } else {
    timer_->stop();
  }
}

void StoreWatcher::check() {
  if (!store_) return;
  qint64 now = version_;
  try {
    now = store_->dataVersion();
  } catch (...) {
    return;  // a busy or vanished store: look again at the next tick
  }
  const bool first = version_ < 0;
  const bool moved = now != version_;
  version_ = now;
  if (!first && moved) Q_EMIT changed();
}

}  // namespace w2s

#pragma once
// Notices what other processes write to the open store (another `w2s run`, a cluster task, a
// notebook) without re-reading it: PRAGMA data_version, checked on a timer, changes only when
// another connection commits.
#include <QObject>
#include <memory>

class QTimer;

namespace w2s {

class RunStore;

class StoreWatcher : public QObject {
  Q_OBJECT
 public:
  /// Checks every `intervalMs` milliseconds once a store is set.
  explicit StoreWatcher(int intervalMs = 1000, QObject* parent = nullptr);

  /// Watches `store` (the GUI thread's connection; nullptr stops watching).
  void setStore(std::shared_ptr<RunStore> store);

 public Q_SLOTS:
  /// Checks now; emits changed() when another connection committed since the last check.
  void check();

 Q_SIGNALS:
  void changed();

 private:
  std::shared_ptr<RunStore> store_;
  QTimer* timer_;
  qint64 version_ = -1;
};

}  // namespace w2s

// RunStore: job claims and leases, for several writers on one store (docs/store-schema.md,
// "Several writers").
#include <sqlite3.h>

#include "core/store/ClaimOwner.h"
#include "core/store/RunStore.h"
#include "core/store/SqlTime.h"
#include "core/store/Statement.h"
#include "core/store/Transaction.h"
#include "core/util/Error.h"

namespace w2s {

void RunStore::markRunning(const std::string& hash) {
  Statement s(db_,
              std::string("UPDATE jobs SET status = 'running', error = '', finished_at = NULL, "
                          "owner = NULL, lease_until = NULL, started_at = ") +
                  kNow + " WHERE hash = ? AND status <> 'done'");
  s.bind(1, hash).exec();
  if (sqlite3_changes(db_) == 0 && !job(hash)) {
    throw StoreError("run store " + path_ + ": no job " + hash);
  }
}

ClaimResult RunStore::claimJob(const std::string& hash, const std::string& owner,
                               double leaseSeconds) {
  Transaction tx(db_);
  checkSchemaUnchanged("run store " + path_ + ": job " + hash);
  Statement read(db_, "SELECT status, owner, lease_until FROM jobs WHERE hash = ?");
  read.bind(1, hash);
  if (!read.step()) return ClaimResult::Missing;
  const std::string status = read.getText(0);
  const std::string heldBy = read.getText(1);
  const bool hasLease = !read.isNull(2);
  const double leaseUntil = hasLease ? read.getDouble(2) : 0.0;
  if (status == "done") return ClaimResult::Done;
  const double now = unixNow();
  if (status == "running") {
    // Rows without an owner were left by a single-writer run: nobody renews them.
    bool abandoned = heldBy.empty() || !hasLease || leaseUntil < now;
    if (!abandoned && heldBy != owner) {
      const auto o = ClaimOwner::parse(heldBy);
      abandoned = o && o->deadOnThisHost();
    }
    if (!abandoned || heldBy == owner) return ClaimResult::Taken;
  }
  // The guard repeats what was read, so the change count proves the claim.
  Statement claim(db_, std::string("UPDATE jobs SET status = 'running', owner = ?, "
                                   "lease_until = ?, progress_step = 0, progress_total = 0, "
                                   "error = '', finished_at = NULL, started_at = ") +
                           kNow +
                           " WHERE hash = ? AND status = ? AND coalesce(owner, '') = ? "
                           "AND status <> 'done'");
  claim.bind(1, owner).bind(2, now + leaseSeconds).bind(3, hash).bind(4, status).bind(5, heldBy);
  claim.exec();
  if (sqlite3_changes(db_) != 1) return ClaimResult::Taken;
  tx.commit();
  return ClaimResult::Claimed;
}

int RunStore::renewLeases(const std::string& owner, double leaseSeconds,
                          const std::map<std::string, std::pair<int64_t, int64_t>>& progress) {
  Transaction tx(db_);
  Statement renew(db_, "UPDATE jobs SET lease_until = ? WHERE owner = ? AND status = 'running'");
  renew.bind(1, unixNow() + leaseSeconds).bind(2, owner).exec();
  const int renewed = sqlite3_changes(db_);
  Statement step(db_,
                 "UPDATE jobs SET progress_step = ?, progress_total = ? "
                 "WHERE hash = ? AND owner = ? AND status = 'running'");
  for (const auto& [hash, p] : progress) {
    step.reset();
    step.bind(1, p.first).bind(2, p.second).bind(3, hash).bind(4, owner).exec();
  }
  tx.commit();
  return renewed;
}

bool RunStore::releaseJob(const std::string& hash, const std::string& owner, JobStatus status,
                          const std::string& error) {
  if (status != JobStatus::Failed && status != JobStatus::Cancelled) {
    throw StoreError("run store " + path_ + ": job " + hash + ": status '" + toString(status) +
                     "' is not 'failed' or 'cancelled'");
  }
  Statement s(db_, std::string("UPDATE jobs SET status = ?, error = ?, lease_until = NULL, "
                               "finished_at = ") +
                       kNow + " WHERE hash = ? AND owner = ? AND status = 'running'");
  s.bind(1, toString(status)).bind(2, error).bind(3, hash).bind(4, owner).exec();
  return sqlite3_changes(db_) == 1;
}

int RunStore::resetInterrupted() {
  Transaction tx(db_);
  Statement running(db_, "SELECT hash, owner, lease_until FROM jobs WHERE status = 'running'");
  std::vector<std::pair<std::string, std::string>> abandoned;
  const double now = unixNow();
  while (running.step()) {
    const std::string owner = running.getText(1);
    bool gone = owner.empty() || running.isNull(2) || running.getDouble(2) < now;
    if (!gone) {
      const auto o = ClaimOwner::parse(owner);
      gone = o && o->deadOnThisHost();
    }
    if (gone) abandoned.emplace_back(running.getText(0), owner);
  }
  Statement reset(db_,
                  "UPDATE jobs SET status = 'pending', started_at = NULL, owner = NULL, "
                  "lease_until = NULL WHERE hash = ? AND status = 'running' "
                  "AND coalesce(owner, '') = ?");
  int changed = 0;
  for (const auto& [hash, owner] : abandoned) {
    reset.reset();
    reset.bind(1, hash).bind(2, owner).exec();
    changed += sqlite3_changes(db_);
  }
  tx.commit();
  return changed;
}

}  // namespace w2s

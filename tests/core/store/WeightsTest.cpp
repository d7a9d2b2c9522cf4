// Model weights in the run store (schema version 3): saved with a job's result, read back
// byte for byte, replaced, and gone with the job.
#include <gtest/gtest.h>

#include "core/store/RunStore.h"
#include "core/util/Error.h"

namespace w2s {
namespace {

JobResult result(const std::string& hash) {
  JobResult r;
  r.record.hash = hash;
  r.record.kind = JobKind::Pretrain;
  r.record.config = {{"kind", "pretrain"}};
  return r;
}

TEST(WeightsTest, RoundTripWithTheResult) {
  RunStore store(":memory:");
  EXPECT_EQ(store.schemaVersion(), RunStore::kSchemaVersion);
  JobResult r = result("abc");
  std::string blob("\x00\x01\xff torch\x00", 10);
  r.weights["torch-backbone"] = blob;
  r.weights["bpe-json"] = "{\"merges\": []}";
  store.saveResult(r);
  EXPECT_EQ(store.weights("abc", "torch-backbone"), blob);
  EXPECT_EQ(store.weights("abc", "bpe-json"), std::string("{\"merges\": []}"));
  EXPECT_FALSE(store.weights("abc", "other"));
  EXPECT_FALSE(store.weights("nope", "torch-backbone"));
  store.saveWeights("abc", "torch-backbone", "new");
  EXPECT_EQ(store.weights("abc", "torch-backbone"), std::string("new"));
}

TEST(WeightsTest, NeedsAStoredJob) {
  RunStore store(":memory:");
  EXPECT_THROW(store.saveWeights("missing", "torch-backbone", "x"), StoreError);
}

}  // namespace
}  // namespace w2s

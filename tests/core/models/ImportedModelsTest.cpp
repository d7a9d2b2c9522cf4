// Imported ladder members: embeddings files (.npy, .safetensors) and TorchScript modules
// written by Python.
#include "core/models/ImportedModels.h"

#include <gtest/gtest.h>

#include "core/io/Npy.h"
#include "core/io/Safetensors.h"
#include "core/util/Error.h"
#include "tests/core/io/TempDir.h"

namespace w2s {
namespace {

class ImportedModelsTest : public TempDirTest {};

/// A Python interpreter that can import torch, or "".
std::string pythonWithTorch() {
  return std::system("/usr/bin/python3 -c 'import torch' > /dev/null 2>&1") == 0
             ? "/usr/bin/python3"
             : "";
}

TEST_F(ImportedModelsTest, EmbeddingFilesLoadAsFloatRows) {
  const std::vector<double> values = {1, 2, 3, 4, 5, 6};
  writeNpy(path("e.npy"), NdArray::fromFloat64({3, 2}, values));
  const auto a = loadEmbeddingFile(path("e.npy"));
  EXPECT_EQ(a->sizes(), (std::vector<int64_t>{3, 2}));
  EXPECT_EQ((*a)[2][1].item<float>(), 6.0f);
  writeSafetensors(path("e.safetensors"),
                   {{"embeddings", NdArray::fromFloat32({2, 3}, {1, 2, 3, 4, 5, 6})},
                    {"other", NdArray::fromFloat32({1}, {0})}});
  EXPECT_EQ(loadEmbeddingFile(path("e.safetensors"))->size(1), 3);
  writeSafetensors(path("two.safetensors"), {{"a", NdArray::fromFloat32({1, 1}, {0})},
                                             {"b", NdArray::fromFloat32({1, 1}, {0})}});
  EXPECT_NE(errorOf([&] { loadEmbeddingFile(path("two.safetensors")); }).find("embeddings"),
            std::string::npos);
  writeNpy(path("flat.npy"), NdArray::fromFloat32({4}, {1, 2, 3, 4}));
  EXPECT_NE(errorOf([&] { loadEmbeddingFile(path("flat.npy")); }).find("[rows, dim]"),
            std::string::npos);
  EXPECT_THROW(loadEmbeddingFile(path("absent.npy")), DataError);
  ModelSpec m;
  m.name = "e";
  m.family = "embeddings";
  m.path = path("e.npy");
  m.depth = 0;
  EXPECT_EQ(parameterCount(m, {1, 28, 28}, 10), 2 * 10 + 10);  // input width from the file
}

TEST_F(ImportedModelsTest, TorchScriptModuleFromPythonFinetunes) {
  const std::string py = pythonWithTorch();
  if (py.empty()) GTEST_SKIP() << "python3-torch is not installed (apt-get install python3-torch)";
  const std::string script = write("make.py", R"(
import sys, torch
class Body(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = torch.nn.Linear(6, 8)
    def forward(self, x):
        return torch.relu(self.fc(x.flatten(1)))
torch.manual_seed(0)
torch.jit.script(Body()).save(sys.argv[1])
)");
  ASSERT_EQ(std::system((py + " " + script + " " + path("body.pt")).c_str()), 0);
  ModelSpec m;
  m.name = "ts";
  m.family = "torchscript";
  m.path = path("body.pt");
  EXPECT_EQ(parameterCount(m, {6}, 2), 6 * 8 + 8 + 8 * 2);
  auto model = makeModel(m, {6}, 2);
  EXPECT_EQ(parameterCount(*model), 6 * 8 + 8 + 8 * 2);
  // One optimiser step through the scripted module moves its weights.
  const torch::Tensor before = model->named_parameters()["ts_fc_weight"].detach().clone();
  torch::optim::SGD sgd(model->parameters(), 0.5);
  {
    torch::NoGradGuard g;
    model->named_parameters()["head.weight"].normal_();
  }
  const torch::Tensor x = torch::randn({16, 6});
  torch::nn::functional::cross_entropy(model->forward(x), torch::randint(0, 2, {16})).backward();
  sgd.step();
  EXPECT_FALSE(torch::equal(before, model->named_parameters()["ts_fc_weight"]));
  m.path = write("bad.pt", "not a module");
  EXPECT_NE(errorOf([&] { makeModel(m, {6}, 2); }).find("TorchScript"), std::string::npos);
}

}  // namespace
}  // namespace w2s

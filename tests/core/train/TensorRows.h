#pragma once
// A float tensor [rows, cols] written row by row in a test.
#include <torch/torch.h>

#include <vector>

namespace w2s::test {

inline torch::Tensor rows(const std::vector<std::vector<double>>& r) {
  std::vector<torch::Tensor> t;
  for (const auto& row : r) t.push_back(torch::tensor(row, torch::kFloat));
  return torch::stack(t);
}

}  // namespace w2s::test

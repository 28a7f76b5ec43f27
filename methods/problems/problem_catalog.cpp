// The built-in problems. A new problem is a file pair in this folder with its
// describe_<name>() and one line here.
#include "methods/problems/neural_problems.hpp"
#include "methods/problems/nonconvex_logistic.hpp"
#include "methods/problems/problem_registry.hpp"

namespace marina {

std::vector<ProblemDescription> builtin_problems() {
  return {describe_nonconvex_logistic(), describe_mlp(), describe_lenet5(), describe_resnet18()};
}

}  // namespace marina

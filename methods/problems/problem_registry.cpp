#include "methods/problems/problem_registry.hpp"

#include <cassert>

namespace marina {
namespace {

std::vector<ProblemDescription>& registry() {
  static std::vector<ProblemDescription> problems = builtin_problems();
  return problems;
}

}  // namespace

const std::vector<ProblemDescription>& registered_problems() { return registry(); }

void register_problem(ProblemDescription description) {
  assert(find_problem(description.name) == nullptr && "a problem name is registered twice");
  assert(description.make && "a problem needs a factory");
  registry().push_back(std::move(description));
}

const ProblemDescription* find_problem(const std::string& name) {
  for (const ProblemDescription& p : registry())
    if (p.name == name) return &p;
  return nullptr;
}

std::vector<KeySpec> problem_key_rows() {
  std::vector<std::string> names;
  for (const ProblemDescription& p : registry()) names.push_back(p.name);
  return {
      text_key("problem.name", "nonconvex_logistic",
               "f_i(x) = mean_j (1 - sigmoid(y_j a_j^T x))^2 + lambda/2 |x|^2", names),
      param_key("problem.lambda", {"paper"}, "l2 weight; \"paper\" = 1e-6 * max_i L_i as in the authors' code",
                at_least(0)),
  };
}

}  // namespace marina

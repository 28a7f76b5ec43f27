#include "methods/problems/problem_registry.hpp"

#include "methods/common/named_registry.hpp"

namespace marina {
namespace {

NamedRegistry<ProblemDescription>& registry() {
  static NamedRegistry<ProblemDescription> problems(builtin_problems());
  return problems;
}

}  // namespace

const std::vector<ProblemDescription>& registered_problems() { return registry().entries(); }

void register_problem(ProblemDescription description) { registry().add(std::move(description)); }

const ProblemDescription* find_problem(const std::string& name) { return registry().find(name); }

std::vector<KeySpec> problem_key_rows() {
  return {
      text_key("problem.name", "nonconvex_logistic",
               "f_i(x) = mean_j (1 - sigmoid(y_j a_j^T x))^2 + lambda/2 |x|^2", registry().names()),
      param_key("problem.lambda", {"paper"}, "l2 weight; \"paper\" = 1e-6 * max_i L_i as in the authors' code",
                at_least(0)),
  };
}

}  // namespace marina

#include "methods/problems/problem_registry.hpp"

#include <algorithm>

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

bool problem_reads(const ProblemDescription& problem, const std::string& key) {
  return std::any_of(problem.reads.begin(), problem.reads.end(), [&](const KeyUse& use) { return use.key == key; });
}

std::vector<KeyReader> problem_readers(const std::string& key) {
  std::vector<KeyReader> readers;
  for (const ProblemDescription& p : registry().entries())
    for (const KeyUse& use : p.reads)
      if (use.key == key) readers.push_back({p.name, use.meaning});
  return readers;
}

std::vector<KeySpec> problem_key_rows() {
  return {
      text_key("problem.model", "nonconvex_logistic",
               "the local loss f_i: nonconvex_logistic = mean_j (1 - sigmoid(y_j a_j^T x))^2 + lambda/2 |x|^2; "
               "mlp, lenet5, resnet18 = mean cross-entropy of a network on images (docs/neural.md)",
               registry().names()),
      param_key("problem.lambda", {"paper"}, "l2 weight; \"paper\" = 1e-6 * max_i L_i as in the authors' code",
                at_least(0)),
      reals_key("problem.layers", "mlp: hidden layer widths, e.g. [512, 256]; [] = softmax regression", at_least(1)),
      text_key("problem.init", "standard",
               "a network's x^0: standard = torch's layer initialisation from the seed; paper = every parameter 0, "
               "as the authors' code (then only the head's bias ever moves, docs/neural.md)",
               {"standard", "paper"}),
      integer_key("problem.classes", 0,
                  "a network's outputs; 0 = the data's classes (resnet18: 1000, the paper's ImageNet head)",
                  at_least(0)),
      integer_key("problem.micro_batch", 128,
                  "a network's technical micro-batch (the paper's 128): BatchNorm statistics are per micro-batch",
                  at_least(1)),
  };
}

const std::vector<SelectiveKeyRule>& problem_key_rules() {
  static const std::vector<SelectiveKeyRule> rules = {
      listing_rule("problem.lambda", "has no l2 term", "problem.lambda belongs to "),
      listing_rule("problem.layers", "has no hidden widths to set", "only ", " takes its hidden widths"),
      listing_rule("problem.init", "starts at x^0 = 0", "problem.init belongs to "),
      listing_rule("problem.classes", "classifies two labels", "problem.classes belongs to "),
      listing_rule("problem.micro_batch", "has no micro-batches", "problem.micro_batch belongs to "),
  };
  return rules;
}

}  // namespace marina

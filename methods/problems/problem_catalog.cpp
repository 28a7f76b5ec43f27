// The built-in problems. A new problem is a file pair in this folder with its
// describe_<name>() and one line here.
#include "methods/problems/nonconvex_logistic.hpp"
#include "methods/problems/problem_registry.hpp"

namespace marina {

std::vector<ProblemDescription> builtin_problems() { return {describe_nonconvex_logistic()}; }

}  // namespace marina

#include "methods/theory/step_sizes.hpp"

#include <cassert>
#include <cmath>

namespace marina::theory {

double gd_step(double L) {
  assert(L > 0);
  return 1.0 / L;
}

double marina_p(double omega) { return 1.0 / (1.0 + omega); }

double marina_step(double L, double p, double omega, int n) {
  assert(L > 0 && p > 0 && p <= 1 && n >= 1);
  return 1.0 / (L * (1.0 + std::sqrt((1.0 - p) * omega / (p * n))));
}

double diana_alpha(double omega) { return 1.0 / (1.0 + omega); }

double diana_step(double L, double omega, int n) {
  assert(L > 0 && n >= 1);
  return 1.0 / (10.0 * L * std::sqrt(1.0 + omega / n) * (omega + 2.0));
}

}  // namespace marina::theory

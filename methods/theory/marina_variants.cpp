#include "methods/theory/marina_variants.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace marina::theory {

namespace {

// (1-p)/p, the weight of the estimator's variance in every MARINA-family step size.
// p comes from the user when it is not the theory value; no assert here: p <= 0 gives a
// zero or NaN step, and the caller's range check on p reports the input instead.
double miss_ratio(double p) { return (1.0 - p) / p; }

// V = (1/n)(omega L^2 + (1+omega) 𝓛^2 / b'), VR-MARINA's variance constant (§3.2).
double vr_variance(double L, double script_L, double omega, int n, double small_batch) {
  assert(n >= 1 && small_batch >= 1);
  return (omega * L * L + (1.0 + omega) * script_L * script_L / small_batch) / n;
}

// p/(2 mu): the PL cap, so that gamma mu <= p/2 (§3.1).
double pl_cap(double p, double mu) {
  assert(mu > 0);
  return p / (2.0 * mu);
}

}  // namespace

double marina_pl_step(double L, double p, double omega, int n, double mu) {
  assert(L > 0 && n >= 1);
  const double root = std::sqrt(2.0 * miss_ratio(p) * omega / n);
  return std::min(1.0 / (L * (1.0 + root)), pl_cap(p, mu));
}

double vr_marina_p(double omega, double small_batch, double m) {
  return std::min(1.0 / (1.0 + omega), small_batch / (small_batch + m));
}

double vr_marina_online_p(double omega, double small_batch, double large_batch) {
  return std::min(1.0 / (1.0 + omega), small_batch / (small_batch + large_batch));
}

double vr_marina_step(double L, double script_L, double p, double omega, int n, double small_batch) {
  assert(L > 0);
  return 1.0 / (L + std::sqrt(miss_ratio(p) * vr_variance(L, script_L, omega, n, small_batch)));
}

double vr_marina_pl_step(double L, double script_L, double p, double omega, int n, double small_batch, double mu) {
  assert(L > 0);
  const double root = std::sqrt(2.0 * miss_ratio(p) * vr_variance(L, script_L, omega, n, small_batch));
  return std::min(1.0 / (L + root), pl_cap(p, mu));
}

double pp_marina_p(double omega, int r, int n) {
  assert(1 <= r && r <= n);
  return (static_cast<double>(r) / n) / (1.0 + omega);
}

double pp_marina_step(double L, double p, double omega, int r) {
  assert(L > 0 && r >= 1);
  return 1.0 / (L * (1.0 + std::sqrt(miss_ratio(p) * (1.0 + omega) / r)));
}

double pp_marina_pl_step(double L, double p, double omega, int r, double mu) {
  assert(L > 0 && r >= 1);
  const double root = std::sqrt(2.0 * miss_ratio(p) * (1.0 + omega) / r);
  return std::min(1.0 / (L * (1.0 + root)), pl_cap(p, mu));
}

}  // namespace marina::theory

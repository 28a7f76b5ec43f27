#include "methods/theory/complexity.hpp"

#include <cmath>

namespace marina::theory {

namespace {

Complexity make(double rounds, double floats, std::string formula) {
  return Complexity{rounds, floats, rounds * floats, std::move(formula)};
}

}  // namespace

ComplexityInputs complexity_inputs(const DistributedObjective& objective) {
  return ComplexityInputs{static_cast<double>(objective.dim()), objective.workers(),
                          static_cast<double>(objective.min_local_samples())};
}

std::optional<Complexity> table_a(const ResolvedParameters& m, const ComplexityInputs& in) {
  const double w = m.omega, z = m.zeta, d = in.dim, n = in.workers;
  const double p = m.p.value_or(1.0);
  const double marina_floats = p * d + (1 - p) * z;  // paper-notes §2.1: p d + (1-p) zeta
  const std::string& name = m.method;
  if (name == "gd") return make(1.0, d, "1");
  if (name == "diana") return make(1 + (1 + w) * std::sqrt(w / n), z, "1 + (1+w) sqrt(w/n)");
  if (name == "marina") return make(1 + std::sqrt((1 - p) * w / (p * n)), marina_floats, "1 + sqrt((1-p) w / (p n))");
  if (name == "vr_marina" || name == "vr_marina_online") {
    // Theorem 3.1 with the mean-squared smoothness equal to L (§3.2).
    const double b = m.batch_size.value_or(1.0);
    return make(1 + std::sqrt((1 - p) / (p * n) * (w + (1 + w) / b)), marina_floats,
                "1 + sqrt((1-p)/(p n) (w + (1+w)/b'))");
  }
  if (name == "pp_marina") {
    const double r = m.clients.value_or(n);
    // Expected total uplink p n d + (1-p) r zeta, per worker.
    return make(1 + std::sqrt((1 - p) * (1 + w) / (p * r)), (p * n * d + (1 - p) * r * z) / n,
                "1 + sqrt((1-p)(1+w)/(p r))");
  }
  if (name == "vr_diana") {
    const double m_vr = in.local_samples / m.batch_size.value_or(1.0);
    return make((std::pow(m_vr, 2.0 / 3.0) + w) * std::sqrt(1 + w / n), z, "(m^(2/3) + w) sqrt(1 + w/n)");
  }
  if (name == "ef21") {
    // gamma ~ 1/(L (1 + sqrt(beta/theta))) and sqrt(beta/theta) <= 2/alpha - 1 (§3.5).
    const double a = m.alpha.value_or(1.0);
    const double t = std::sqrt(1 - a);
    const double ratio = a >= 1 ? 0.0 : t / (1 - t);
    return make(1 + ratio, z, "1 + sqrt(beta/theta)");
  }
  if (name == "dasha" || name == "dasha_page") return make(1 + w / std::sqrt(n), z, "1 + w/sqrt(n)");
  return std::nullopt;
}

}  // namespace marina::theory

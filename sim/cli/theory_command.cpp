#include "sim/cli/theory_command.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "methods/algorithms/method_registry.hpp"
#include "methods/common/input_error.hpp"
#include "methods/theory/complexity.hpp"
#include "sim/experiment/experiment.hpp"

namespace marina {

namespace {

std::string cell(const std::optional<double>& v, const char* fmt = "%.4g") {
  if (!v) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, fmt, *v);
  return buf;
}

void print_problem(const Experiment& ex) {
  const auto& obj = *ex.objective;
  const auto l = obj.local_smoothness();
  const auto [lo, hi] = std::minmax_element(l.begin(), l.end());
  double mean = 0;
  for (double v : l) mean += v / static_cast<double>(l.size());
  std::printf("problem     n = %d workers, d = %ld, local samples %ld..%ld, lambda = %.6g\n", obj.workers(),
              static_cast<long>(obj.dim()),
              static_cast<long>(ex.objective->min_local_samples()),
              static_cast<long>(*std::max_element(ex.shard_samples.begin(), ex.shard_samples.end())), ex.lambda);
  if (ex.smoothness_known)
    std::printf("smoothness  L_i in [%.6g, %.6g], L = sqrt(mean L_i^2) = %.6g, mean L_i = %.6g\n", *lo, *hi,
                obj.smoothness(), mean);
  else
    std::printf("smoothness  unknown (a network): no step size from the theory; p and alpha need only the "
                "compressor and the batches\n");
  const Index d = obj.dim();
  const auto& q = *ex.compressor;
  std::printf("compressor  %s: %s, omega = %.6g, zeta = %.6g, alpha = %.6g\n\n", q.name().c_str(),
              q.unbiased() ? "unbiased" : "contractive (biased)", q.omega(d), q.expected_density(d), q.alpha(d));
}

}  // namespace

int theory_command(const std::string& scenario_path, const std::vector<std::string>& overrides) {
  const Scenario s = Scenario::load(scenario_path, overrides);
  const Experiment ex = build_problem(s);
  print_problem(ex);

  const double L = ex.objective->smoothness();
  const theory::ComplexityInputs in = theory::complexity_inputs(*ex.objective);
  std::printf("%-17s %-10s %-10s %-11s %-10s %-6s %-6s %-10s %-11s %-12s %s\n", "method", "p", "alpha", "gamma",
              "gamma*L", "b'", "r", "floats/rnd", "rounds*", "comm*", "rounds formula (Table A)");
  const MethodSpec base = read_method_spec(s);
  for (const std::string& name : method_names()) {
    MethodSpec spec = base;
    spec.name = name;
    ResolvedParameters prm;
    try {
      prm = build_method(s, ex, spec).parameters;
    } catch (const InputError& e) {
      std::printf("%-17s not applicable: %s\n", name.c_str(), e.message().c_str());
      continue;
    }
    const auto c = theory::table_a(prm, in);
    std::printf("%-17s %-10s %-10s %-11.5g %-10.4g %-6s %-6s %-10s %-11s %-12s %s\n", name.c_str(),
                cell(prm.p).c_str(), cell(prm.alpha).c_str(), prm.step_size, prm.step_size * L,
                cell(prm.batch_size, "%.0f").c_str(), cell(prm.clients, "%.0f").c_str(),
                c ? cell(c->floats_per_round).c_str() : "-", c ? cell(c->rounds_factor).c_str() : "-",
                c ? cell(c->communication_factor).c_str() : "-", c ? c->rounds_formula.c_str() : "no rate under heterogeneity");
  }
  std::printf(
      "\n* rounds and communication (values per worker) to E||grad f||^2 <= eps^2 up to constants, in units\n"
      "  of Delta0 L / eps^2 (paper-notes §3.6). Parameters: those the scenario gives, else the theory values.\n");
  return 0;
}

}  // namespace marina

#include "sim/cli/advise_plan.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>

#include "methods/algorithms/method_registry.hpp"
#include "methods/common/input_error.hpp"
#include "methods/compressors/compressor_registry.hpp"
#include "sim/engine/platform_check.hpp"
#include "sim/experiment/experiment.hpp"
#include "sim/scenario/number_format.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/scenario/scenario_checks.hpp"
#include "sim/scenario/sweep_points.hpp"

namespace fs = std::filesystem;

namespace marina {

namespace {

// The compressor a method's registration pairs it with (a contractive one for error feedback,
// none for the uncompressed baseline, ...).
std::string compressor_for(const std::string& method) { return find_method(method)->advise.compressor; }

// Whether advise runs a grid of K with this compressor, or one run.
bool varies_k(const std::string& compressor) { return compressor_reads(*find_compressor(compressor), "compressor.k"); }

void check_methods(const std::vector<std::string>& methods) {
  if (methods.empty()) throw InputError("--methods", "needs at least one method");
  const auto& known = method_names();
  std::string list;
  for (const auto& m : known) list += (list.empty() ? "" : ", ") + m;
  std::set<std::string> seen;
  for (const auto& m : methods) {
    if (std::find(known.begin(), known.end(), m) == known.end())
      throw InputError("--methods", "unknown method '" + m + "' (known: " + list + ")");
    if (!seen.insert(m).second) throw InputError("--methods", "method '" + m + "' is listed twice");
  }
}

std::vector<long> k_grid(const std::vector<long>& given, long d) {
  if (given.empty()) {
    std::vector<long> grid;
    for (long k = 1; k < d; k *= 2) grid.push_back(k);
    grid.push_back(d);
    return grid;
  }
  std::vector<long> grid = given;
  std::sort(grid.begin(), grid.end());
  for (std::size_t i = 0; i < grid.size(); ++i) {
    if (grid[i] < 1 || grid[i] > d)
      throw InputError("--k", "K = " + std::to_string(grid[i]) + " is outside 1..d = " + std::to_string(d));
    if (i > 0 && grid[i] == grid[i - 1]) throw InputError("--k", "K = " + std::to_string(grid[i]) + " is listed twice");
  }
  return grid;
}

std::string default_folder(const std::string& scenario_name, const std::string& platform_file) {
  return (fs::path("results") / ("advise-" + scenario_name + "-" + fs::path(platform_file).stem().string())).string();
}

}  // namespace

std::vector<std::string> default_advise_methods() {
  std::vector<std::string> names;
  for (const MethodDescription* m : methods_in_comparison_order())
    if (m->advise.compared_by_default) names.push_back(m->name);
  return names;
}

std::string advise_pairing_text() {
  // The commonest pairing goes last, as "the other methods".
  std::map<std::string, int> uses;
  for (const MethodDescription& m : registered_methods()) ++uses[m.advise.compressor];
  std::string commonest;
  for (const auto& [compressor, count] : uses)
    if (commonest.empty() || count > uses[commonest]) commonest = compressor;
  std::string out;
  for (const MethodDescription* m : methods_in_comparison_order()) {
    if (m->advise.compressor == commonest) continue;
    out += m->name + (m->compressor == CompressorNeed::none ? " runs uncompressed" : " with " + m->advise.compressor) + ", ";
  }
  return out + "the other methods with " + commonest;
}

AdvisePlan plan_advise(const AdviseOptions& o) {
  if (o.jobs < 1) throw InputError("--jobs", "must be at least 1");
  if (o.epsilon && o.relative) throw InputError("--epsilon", "--epsilon and --relative exclude each other");
  if (o.epsilon && !(*o.epsilon > 0 && std::isfinite(*o.epsilon))) throw InputError("--epsilon", "must be a number > 0");
  if (o.relative && !(*o.relative > 0 && std::isfinite(*o.relative)))
    throw InputError("--relative", "must be a number > 0");
  if (o.rounds && *o.rounds < 1) throw InputError("--rounds", "must be at least 1");
  check_methods(o.methods);
  if (!fs::is_regular_file(o.scenario_path)) throw InputError(o.scenario_path, "cannot open scenario file");

  // Keys every run shares: theory parameters, then the user's --set, then what advise needs
  // (the platform, a simulated network, the rounds and, below, the target).
  std::vector<std::string> common{"method.step_size=theory", "method.p=theory"};
  common.insert(common.end(), o.overrides.begin(), o.overrides.end());
  if (!o.platform.empty()) {
    if (!fs::is_regular_file(o.platform)) throw InputError(o.platform, "cannot open platform file");
    common.push_back("platform.file=" + fs::absolute(o.platform).lexically_normal().string());
  }
  common.push_back("run.network=simgrid");
  if (o.rounds) common.push_back("run.rounds=" + std::to_string(*o.rounds));

  AdvisePlan plan;
  Scenario base = Scenario::load(o.scenario_path, common);
  check_scenario_consistency(base);
  plan.platform_file = resolve_platform_path(base);
  if (plan.platform_file.empty())
    throw InputError(o.scenario_path, "advise needs a network: give --platform XML or set platform.file");
  check_platform(build_network_setup(base, {}));
  plan.scenario_name = base.get_string("name");
  plan.rounds = base.get_int("run.rounds");

  // The problem: its dimension sets the K grid, its gradient at x^0 the relative eps.
  const Experiment problem = build_problem(base);
  if (!problem.smoothness_known) {
    // A network has no L, so no theory step size: every run takes the scenario's own number.
    common.erase(std::find(common.begin(), common.end(), "method.step_size=theory"));
    base = Scenario::load(o.scenario_path, common);
    if (base.get_param("method.step_size").is_keyword)
      throw InputError("--set", "problem.model = \"" + base.get_string("problem.model") +
                                    "\" has no smoothness constant, so advise cannot use theory step sizes: give "
                                    "one with --set method.step_size=GAMMA (every run uses it)");
  }
  plan.dim = static_cast<long>(problem.objective->dim());
  plan.workers = problem.objective->workers();
  plan.metric = parse_target_metric(base.get_string("run.target_metric"));
  plan.start_value = metric_value(problem.objective->evaluate(problem.x0), plan.metric);
  const double wanted = o.epsilon ? *o.epsilon : o.relative.value_or(1e-2) * plan.start_value;
  // The threshold is handed to the runs as text; read it back through the scenario reader
  // so advise compares against exactly the double every run compares against.
  common.push_back("run.targets=[" + format_number(wanted) + "]");
  plan.epsilon = Scenario::load(o.scenario_path, common).get_reals("run.targets").front();
  const std::string m = metric_ascii(plan.metric), at_start = m + " at x^0";
  plan.epsilon_text = o.epsilon ? m + " <= " + format_number(plan.epsilon) + " (absolute, --epsilon)"
                                : m + " <= " + format_number(o.relative.value_or(1e-2)) + " x " + at_start + " = " +
                                      format_number(plan.epsilon) + " (" + at_start + " = " +
                                      format_number(plan.start_value) + ")";

  const std::vector<long> grid = k_grid(o.k_grid, plan.dim);
  std::vector<PlannedPoint> points;
  std::map<std::string, Experiment> problems;  // one per compressor, to check each method's theory
  for (const std::string& method : o.methods) {
    const std::string compressor = compressor_for(method);
    std::vector<std::optional<long>> ks;
    if (!varies_k(compressor)) ks.push_back(std::nullopt);
    else ks.assign(grid.begin(), grid.end());
    for (const auto& k : ks) {
      PlannedPoint p;
      p.axes.emplace_back("method.name", method);
      p.overrides = {"method.name=" + method, "compressor.name=" + compressor};
      if (k) {
        p.axes.emplace_back("compressor.k", std::to_string(*k));
        p.overrides.push_back("compressor.k=" + std::to_string(*k));
      }
      points.push_back(p);
      plan.info.push_back({method, compressor, k});
    }
    // The method must have theory parameters with this compressor (EF21 needs a contractive
    // one, ...): checked once, at the smallest K, before anything runs.
    std::vector<std::string> first = common;
    first.insert(first.end(), points.back().overrides.begin(), points.back().overrides.end());
    if (ks.front()) first.back() = "compressor.k=" + std::to_string(*ks.front());
    const Scenario s = Scenario::load(o.scenario_path, first);
    check_scenario_consistency(s);
    if (!problems.count(compressor)) problems.emplace(compressor, build_problem(s));
    try {
      build_method(s, problems.at(compressor), read_method_spec(s));
    } catch (const InputError& e) {
      throw InputError("--methods", method + " with " + compressor + ": " + e.message());
    }
  }
  plan.spec = sweep_from_points("advise", "advise-" + plan.scenario_name, o.scenario_path, common, points);
  plan.folder = o.out_dir.empty() ? default_folder(plan.scenario_name, plan.platform_file) : o.out_dir;
  return plan;
}

}  // namespace marina

#include "sim/experiment/experiment.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <stdexcept>

#include "methods/algorithms/method_registry.hpp"
#include "methods/common/input_error.hpp"
#include "methods/data/sharding.hpp"
#include "methods/compressors/compressor_registry.hpp"
#include "methods/problems/problem_registry.hpp"
#include "sim/experiment/data_loading.hpp"
#include "sim/scenario/fault_plan.hpp"
#include "sim/scenario/number_format.hpp"
#include "sim/scenario/round_window.hpp"
#include "sim/scenario/scenario_checks.hpp"

namespace fs = std::filesystem;

namespace marina {

namespace {

TheoryValue to_theory_value(const Param& p) {
  return p.is_keyword ? TheoryValue::theory(p.value) : TheoryValue::fixed(p.value);
}

WireFormat load_wire(const Scenario& s) {
  WireFormat wire;
  wire.precision = parse_precision(s.get_string("wire.precision"));
  wire.indices = parse_index_encoding(s.get_string("wire.indices"));
  wire.paper_accounting = s.get_string("wire.accounting") == "paper";
  wire.downlink = parse_downlink_encoding(s.get_string("wire.downlink"));
  return wire;
}

// Ranges that depend on the data: b' and b at most the smallest shard, r at most n; each only
// for a method that reads it (a scenario file may keep b' for when it runs VR-MARINA, and GD
// on smaller shards must not be refused for it).
void check_method_inputs(const Scenario& s, const MethodSpec& m, const Experiment& ex) {
  const MethodDescription& method = *find_method(m.name);
  const Index smallest = ex.objective->min_local_samples();
  if (method_reads(method, "method.batch_size") && m.batch_size > smallest)
    throw s.error("method.batch_size", "method.batch_size = " + std::to_string(m.batch_size) +
                                           " exceeds the smallest shard (" + std::to_string(smallest) +
                                           " samples); expected b' <= local samples");
  if (method_reads(method, "method.large_batch") && m.large_batch > smallest)
    throw s.error("method.large_batch", "method.large_batch = " + std::to_string(m.large_batch) +
                                            " exceeds the smallest shard (" + std::to_string(smallest) +
                                            " samples)");
  const auto n = static_cast<int>(ex.shard_samples.size());
  if (method_reads(method, "method.clients") && m.clients > n)
    throw s.error("method.clients", "method.clients = " + std::to_string(m.clients) + " exceeds split.workers = " +
                                        std::to_string(n) + " (expected 1 <= r <= n)");
}

// Every worker keeps a handful of dense d-vectors (x, cached gradients, shifts, buffers), so
// a data set whose largest feature index is absurd (one stray "1000000000:1") would exhaust
// memory long after the user could be told why. Refuse up front when the dense state alone
// would pass kStateLimitBytes.
constexpr double kDenseVectorsPerWorker = 8;
constexpr double kStateLimitBytes = 16e9;

void check_state_fits(const Scenario& s, Index d, int workers) {
  const double bytes = kDenseVectorsPerWorker * 8.0 * static_cast<double>(d) * (workers + 2.0);
  if (bytes <= kStateLimitBytes) return;
  const std::string& source = s.get_string("data.source");
  const bool network = source == "images" || source == "synthetic_images";
  const std::string key = network ? "problem.model" : source == "libsvm" ? "data.path" : "data.features";
  char gb[32];
  std::snprintf(gb, sizeof gb, "%.0f", bytes / 1e9);
  throw s.error(key, "the dimension d = " + std::to_string(d) + " with " + std::to_string(workers) +
                         " workers needs about " + gb + " GB of dense state (limit 16 GB); " +
                         (network ? "take a smaller model or fewer workers" : "check the data's feature indices"));
}

// "theory*x" is range-checked only once the theory value is known.
void check_resolved_parameters(const Scenario& s, const ResolvedParameters& p) {
  auto fail = [&](const std::string& key, double v, const std::string& expected) {
    throw s.error(key, key + " resolves to " + format_number(v) + " (expected " + expected + ")");
  };
  if (p.p && !(*p.p > 0 && *p.p <= 1)) fail("method.p", *p.p, "0 < p <= 1");
  if (p.alpha && !(*p.alpha > 0 && *p.alpha <= 1)) fail("method.alpha", *p.alpha, "0 < alpha <= 1");
  if (!(p.step_size > 0) || !std::isfinite(p.step_size)) fail("method.step_size", p.step_size, "a positive step size");
}

// A network has no known smoothness constant L (docs/neural.md): the step sizes the theory
// derives from L cannot be computed, so they are refused rather than run as NaN. The theory's
// p and alpha need only the compressor and the batch sizes, and stay available.
void check_theory_needs_smoothness(const Scenario& s, const MethodSpec& spec, const Experiment& ex) {
  if (ex.smoothness_known || !spec.step_size.from_theory) return;
  throw s.error("method.step_size",
                "method.step_size = \"theory\" needs the smoothness constant L, which " +
                    std::string("problem.model = \"") + s.get_string("problem.model") +
                    "\" (a network) does not have; set method.step_size to a number (the paper hand-picked "
                    "gamma for its ResNet-18 run, paper-notes §5.2)");
}

ShardPlan shard_plan(const Scenario& s) {
  ShardPlan plan;
  plan.workers = static_cast<int>(s.get_int("split.workers"));
  plan.mode = s.get_string("split.mode") == "shuffled" ? SplitMode::shuffled : SplitMode::contiguous;
  plan.seed = static_cast<std::uint64_t>(s.get_int("seed"));
  plan.multiple = static_cast<Index>(s.get_int("split.shard_multiple"));
  return plan;
}

// The shards of the data, of the kind the problem trains on (scenario_checks matched them).
ProblemData split_data(const Scenario& s, LoadedData data, Experiment& ex) {
  ProblemData out;
  out.seed = static_cast<std::uint64_t>(s.get_int("seed"));
  const ShardPlan plan = shard_plan(s);
  try {
    if (data.rows) {
      if (s.get_bool("data.bias")) *data.rows = with_bias_column(*data.rows);
      // Before any shard storage is built: the kernels' column-compressed copies are O(d) each.
      check_state_fits(s, data.rows->dim(), plan.workers);
      out.rows = shard(*data.rows, plan);
      for (const auto& sh : out.rows) ex.shard_samples.push_back(sh.samples());
    } else {
      const auto rows = shard_rows(data.images->count, plan);
      for (std::size_t i = 0; i < rows.size(); ++i) {
        out.images.push_back(select_images(*data.images, rows[i]));
        out.images.back().origin =
            data.images->origin + " [shard " + std::to_string(i + 1) + "/" + std::to_string(rows.size()) + "]";
        ex.shard_samples.push_back(out.images.back().count);
      }
      out.test_images = std::move(data.test_images);
    }
  } catch (const InputError& e) {
    if (!e.file().empty()) throw;
    throw s.error(plan.multiple > 0 && e.message().rfind("split.shard_multiple", 0) == 0 ? "split.shard_multiple"
                                                                                         : "split.workers",
                  e.message());
  }
  return out;
}

// The values of the problem keys the problem reads.
KeyValues problem_keys(const Scenario& s, const ProblemDescription& problem) {
  KeyValues keys;
  for (const KeyUse& use : problem.reads) keys[use.key] = s.get(use.key);
  return keys;
}

}  // namespace

Experiment build_problem(const Scenario& s) {
  Experiment ex;
  LoadedData data = load_data(s);
  ex.data_origin = data.origin;
  ex.total_samples = data.samples();
  const auto workers = s.get_int("split.workers");
  if (workers > data.samples())
    throw s.error("split.workers", "split.workers = " + std::to_string(workers) + " exceeds the " +
                                       std::to_string(data.samples()) + " samples of the data set");
  const ProblemDescription* problem = find_problem(s.get_string("problem.model"));
  assert(problem != nullptr);  // the schema admits registered names only
  ProblemData shards = split_data(s, std::move(data), ex);
  ProblemInstance built;
  try {
    built = problem->make(std::move(shards), problem_keys(s, *problem));
  } catch (const InputError& e) {
    if (!e.file().empty()) throw;
    throw s.error("problem.model", e.message());
  }
  ex.lambda = built.lambda;
  ex.x0 = std::move(built.x0);
  ex.test_accuracy = std::move(built.test_accuracy);
  ex.smoothness_known = problem->smoothness_known;
  ex.objective = std::make_shared<DistributedObjective>(std::move(built.locals));
  const Index d = ex.objective->dim();
  if (problem->data == DataKind::images) check_state_fits(s, d, static_cast<int>(workers));

  ex.wire = load_wire(s);
  CompressorSpec cspec;
  cspec.name = s.get_string("compressor.name");
  cspec.k = static_cast<Index>(s.get_int("compressor.k"));
  cspec.levels = static_cast<int>(s.get_int("compressor.levels"));
  cspec.workers = static_cast<int>(workers);
  const CompressorDescription* compressor = find_compressor(cspec.name);
  assert(compressor != nullptr);  // the schema admits registered names only
  if (compressor_reads(*compressor, "compressor.k") && cspec.k > d)
    throw s.error("compressor.k", "compressor.k = " + std::to_string(cspec.k) +
                                      " exceeds the dimension d = " + std::to_string(d) + " (expected 1 <= k <= d)");
  try {
    ex.compressor = make_compressor(cspec, d, ex.wire);
  } catch (const InputError& e) {
    if (!e.file().empty()) throw;
    throw s.error("compressor.name", e.message());
  }
  return ex;
}

MethodSpec read_method_spec(const Scenario& s) {
  MethodSpec m;
  m.name = s.get_string("method.name");
  m.step_size = to_theory_value(s.get_param("method.step_size"));
  m.p = to_theory_value(s.get_param("method.p"));
  m.alpha = to_theory_value(s.get_param("method.alpha"));
  m.batch_size = static_cast<Index>(s.get_int("method.batch_size"));
  m.batch_fraction = s.get_real("method.batch_fraction");
  m.large_batch = static_cast<Index>(s.get_int("method.large_batch"));
  m.clients = static_cast<int>(s.get_int("method.clients"));
  m.with_replacement = s.get_string("method.sampling") == "with_replacement";
  m.mu = s.get_real("method.mu");
  const MethodDescription* method = find_method(m.name);
  assert(method != nullptr);  // the schema admits registered names only
  for (const KeySpec& own : method->own_keys) m.own[own.key] = s.get(own.key);
  return m;
}

MethodInstance build_method(const Scenario& s, const Experiment& ex, const MethodSpec& spec) {
  check_method_inputs(s, spec, ex);
  check_theory_needs_smoothness(s, spec, ex);
  const MethodContext ctx{*ex.objective, *ex.compressor, ex.wire, ex.x0};
  MethodInstance m;
  try {
    m = make_method(spec, ctx);
  } catch (const InputError& e) {
    if (!e.file().empty()) throw;
    throw s.error("method.name", e.message());
  }
  check_resolved_parameters(s, m.parameters);
  return m;
}

Experiment build_experiment(const Scenario& s) {
  check_scenario_consistency(s);
  Experiment ex = build_problem(s);
  ex.method = build_method(s, ex, read_method_spec(s));
  return ex;
}

std::string resolve_platform_path(const Scenario& s) {
  const std::string& file = s.get_string("platform.file");
  if (file.empty()) return file;
  const fs::path p(file);
  if (p.is_absolute()) return p.lexically_normal().string();
  return fs::absolute(fs::path(s.directory()) / p).lexically_normal().string();
}

double largest_gradient_flops(const DistributedObjective& objective) {
  double most = 0.0;
  for (int i = 0; i < objective.workers(); ++i) most = std::max(most, objective.local(i).gradient_work().flops);
  return most;
}

NetworkSetup build_network_setup(const Scenario& s, std::vector<std::string> simgrid_args) {
  NetworkSetup setup;
  setup.platform_file = resolve_platform_path(s);
  if (setup.platform_file.empty())
    throw s.error("platform.file", "run.network = \"simgrid\" needs platform.file (a SimGrid platform XML)");
  if (!fs::is_regular_file(setup.platform_file))
    throw s.error("platform.file", "platform file '" + setup.platform_file + "' not found");
  setup.roles.server = s.get_string("platform.server");
  setup.roles.expected_workers = static_cast<int>(s.get_int("split.workers"));
  if (const std::string& deployment = s.get_string("platform.deployment"); !deployment.empty()) {
    if (s.is_set("platform.server") || s.is_set("platform.workers"))
      throw s.error("platform.deployment",
                    "platform.deployment and platform.server/platform.workers both name the hosts (give one)");
    const fs::path file = fs::path(deployment).is_absolute() ? fs::path(deployment) : fs::path(s.directory()) / deployment;
    try {
      setup.roles = read_deployment(file.lexically_normal().string());
    } catch (const std::invalid_argument& e) {
      throw s.error("platform.deployment", e.what());
    }
    setup.roles.expected_workers = static_cast<int>(s.get_int("split.workers"));
    if (static_cast<int>(setup.roles.workers.size()) != setup.roles.expected_workers)
      throw s.error("platform.deployment", "the deployment names " + std::to_string(setup.roles.workers.size()) +
                                               " workers but split.workers = " +
                                               std::to_string(setup.roles.expected_workers));
  } else if (s.get_string("platform.workers") == "*") {
    setup.roles.all_but_server = true;
  } else {
    try {
      setup.roles.workers = expand_worker_hosts(s.get_string("platform.workers"), setup.roles.expected_workers);
    } catch (const std::invalid_argument& e) {
      throw s.error("platform.workers", std::string("platform.workers ") + e.what());
    }
  }
  // The scenario's model comes first so that a --cfg=network/model:... given by hand wins.
  // SimGrid announces every configuration change at INFO level; the user's --log wins.
  setup.simgrid_args.push_back("--log=xbt_cfg.thres:warning");
  const std::string& model = s.get_string("platform.network_model");
  if (model != "LV08") setup.simgrid_args.push_back("--cfg=network/model:" + model);
  setup.simgrid_args.insert(setup.simgrid_args.end(), simgrid_args.begin(), simgrid_args.end());
  setup.faults = read_fault_plan(s);
  setup.timeline = read_timeline_window(s);
  setup.energy = parse_energy_mode(s.get_string("run.energy"));
  return setup;
}

}  // namespace marina

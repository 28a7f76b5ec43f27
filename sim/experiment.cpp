#include "sim/experiment.hpp"

#include <algorithm>
#include <filesystem>
#include <stdexcept>

#include "methods/algorithms/method_factory.hpp"
#include "methods/common/input_error.hpp"
#include "methods/data/libsvm.hpp"
#include "methods/data/sharding.hpp"
#include "methods/data/synthetic.hpp"
#include "methods/problems/nonconvex_logistic.hpp"
#include "sim/dataset_locator.hpp"

namespace fs = std::filesystem;

namespace marina {

namespace {

// The authors' regulariser: lambda = 1e-6 * max_i L_i (data part), paper-notes §5.1.
constexpr double kPaperLambdaFactor = 1e-6;

Dataset load_dataset(const Scenario& s) {
  const std::string& source = s.get_string("data.source");
  if (source == "libsvm") {
    const std::string& path = s.get_string("data.path");
    if (path.empty()) throw s.error("data.path", "data.source = \"libsvm\" needs data.path (a LIBSVM file)");
    const auto found = locate_dataset(path, s.directory());
    if (!found) {
      std::string looked;
      for (const auto& c : dataset_candidates(path, s.directory())) looked += (looked.empty() ? "" : ", ") + c;
      throw s.error("data.path", "data file '" + path + "' not found (looked in: " + looked + ")");
    }
    return read_libsvm(*found);
  }
  SyntheticSpec spec;
  spec.samples = s.get_int("data.samples");
  spec.features = s.get_int("data.features");
  spec.groups = static_cast<int>(s.get_int("data.groups"));
  spec.density = s.get_real("data.density");
  spec.heterogeneity = s.get_real("data.heterogeneity");
  spec.label_noise = s.get_real("data.label_noise");
  spec.seed = static_cast<std::uint64_t>(s.get_int("seed"));
  if (spec.groups > spec.samples)
    throw s.error("data.groups", "data.groups = " + std::to_string(spec.groups) +
                                     " exceeds data.samples = " + std::to_string(spec.samples));
  return make_synthetic(spec);
}

TheoryValue to_theory_value(const Param& p) {
  return p.is_keyword ? TheoryValue::theory(p.value) : TheoryValue::fixed(p.value);
}

WireFormat load_wire(const Scenario& s) {
  WireFormat wire;
  wire.precision = parse_precision(s.get_string("wire.precision"));
  wire.indices = parse_index_encoding(s.get_string("wire.indices"));
  return wire;
}

}  // namespace

Experiment build_experiment(const Scenario& s) {
  Experiment ex;
  Dataset data = load_dataset(s);
  ex.data_origin = data.origin;
  if (s.get_bool("data.bias")) data = with_bias_column(data);
  ex.total_samples = data.samples();

  const auto workers = s.get_int("split.workers");
  if (workers > data.samples())
    throw s.error("split.workers", "split.workers = " + std::to_string(workers) + " exceeds the " +
                                       std::to_string(data.samples()) + " samples of the data set");
  const SplitMode mode = s.get_string("split.mode") == "shuffled" ? SplitMode::shuffled : SplitMode::contiguous;
  std::vector<Dataset> shards = shard(data, static_cast<int>(workers), mode, static_cast<std::uint64_t>(s.get_int("seed")));

  double max_data_smoothness = 0.0;
  for (const auto& sh : shards) max_data_smoothness = std::max(max_data_smoothness, data_smoothness(sh));
  ex.lambda = s.get_param("problem.lambda").resolve(kPaperLambdaFactor * max_data_smoothness);

  std::vector<std::shared_ptr<const Objective>> locals;
  for (auto& sh : shards) {
    ex.shard_samples.push_back(sh.samples());
    locals.push_back(std::make_shared<NonconvexLogistic>(std::move(sh), ex.lambda));
  }
  ex.objective = std::make_shared<DistributedObjective>(std::move(locals));
  const Index d = ex.objective->dim();

  ex.wire = load_wire(s);
  CompressorSpec cspec{s.get_string("compressor.name"), static_cast<Index>(s.get_int("compressor.k"))};
  if (cspec.name == "rand_k" && cspec.k > d)
    throw s.error("compressor.k", "compressor.k = " + std::to_string(cspec.k) +
                                      " exceeds the dimension d = " + std::to_string(d) + " (expected 1 <= k <= d)");
  ex.compressor = make_compressor(cspec, d, ex.wire);

  MethodSpec mspec;
  mspec.name = s.get_string("method.name");
  mspec.step_size = to_theory_value(s.get_param("method.step_size"));
  mspec.p = to_theory_value(s.get_param("method.p"));
  mspec.alpha = to_theory_value(s.get_param("method.alpha"));
  const MethodContext ctx{*ex.objective, *ex.compressor, ex.wire, Vec::Zero(d)};
  ex.method = make_method(mspec, ctx);
  return ex;
}

std::string resolve_platform_path(const Scenario& s) {
  const std::string& file = s.get_string("platform.file");
  if (file.empty()) return file;
  const fs::path p(file);
  if (p.is_absolute()) return p.lexically_normal().string();
  return fs::absolute(fs::path(s.directory()) / p).lexically_normal().string();
}

NetworkSetup build_network_setup(const Scenario& s, std::vector<std::string> simgrid_args) {
  NetworkSetup setup;
  setup.platform_file = resolve_platform_path(s);
  if (setup.platform_file.empty())
    throw s.error("platform.file", "run.network = \"simgrid\" needs platform.file (a SimGrid platform XML)");
  if (!fs::is_regular_file(setup.platform_file))
    throw s.error("platform.file", "platform file '" + setup.platform_file + "' not found");
  setup.roles.server = s.get_string("platform.server");
  try {
    setup.roles.workers = expand_worker_hosts(s.get_string("platform.workers"), static_cast<int>(s.get_int("split.workers")));
  } catch (const std::invalid_argument& e) {
    throw s.error("platform.workers", std::string("platform.workers ") + e.what());
  }
  setup.simgrid_args = std::move(simgrid_args);
  return setup;
}

}  // namespace marina

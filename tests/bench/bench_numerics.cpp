// Micro-benchmarks of the numerics (Google Benchmark), apart from the test suite:
//   build/marina_bench [--benchmark_filter=...]
// Uses the paper's mushrooms shard (n = 5, contiguous, bias column) when the data set is
// found ($MARINA_DATA_DIR or ../shared/datasets), else a synthetic shard of the same shape.
// Gradient/<data>/<kernel>: one local gradient on the first of 5 contiguous shards of each
// LIBSVM data set (bias column included, skipped when the file is absent) and on synthetic
// shapes, with the kernel before this change ("reference") beside each storage and the
// automatically chosen one ("auto").
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <random>
#include <type_traits>

#include "methods/algorithms/method_registry.hpp"
#include "methods/algorithms/plain_loop.hpp"
#include "methods/common/rng.hpp"
#include "methods/compressors/compressor.hpp"
#include "methods/data/libsvm.hpp"
#include "methods/data/sharding.hpp"
#include "methods/data/synthetic.hpp"
#include "methods/problems/nonconvex_logistic.hpp"
#include "reference_gradient.hpp"

namespace fs = std::filesystem;
using namespace marina;

namespace {

std::optional<fs::path> find_data_set(const std::string& name) {
  std::vector<fs::path> candidates;
  if (const char* d = std::getenv("MARINA_DATA_DIR")) candidates.push_back(fs::path(d) / name);
  candidates.push_back(fs::path(MARINA_SOURCE_DIR) / ".." / "shared" / "datasets" / name);
  for (const auto& c : candidates)
    if (fs::exists(c)) return c;
  return std::nullopt;
}

Dataset paper_data() {
  if (auto path = find_data_set("mushrooms")) return with_bias_column(read_libsvm(path->string()));
  SyntheticSpec s;
  s.samples = 8124;
  s.features = 112;
  s.density = 21.0 / 112;
  return with_bias_column(make_synthetic(s));
}

const std::vector<Dataset>& shards() {
  static const std::vector<Dataset> s = shard(paper_data(), 5, SplitMode::contiguous, 1);
  return s;
}

const NonconvexLogistic& local_problem() {
  static const NonconvexLogistic f(shards()[0], 1e-6);
  return f;
}

void BM_ShardGradient(benchmark::State& state) {
  const auto& f = local_problem();
  Vec x = Vec::Constant(f.dim(), 0.01), g;
  for (auto _ : state) {
    f.gradient(x, g);
    benchmark::DoNotOptimize(g.data());
  }
  state.counters["nnz_per_s"] = benchmark::Counter(static_cast<double>(shards()[0].features.nonZeros()),
                                                   benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_ShardGradient);

void BM_MinibatchGradientDifference(benchmark::State& state) {
  const auto& f = local_problem();
  Vec x = Vec::Constant(f.dim(), 0.01), y = Vec::Constant(f.dim(), 0.02), gx, gy;
  std::vector<Index> rows;
  for (Index r = 0; r < 17; ++r) rows.push_back(r * 90);  // b' = 17, as the paper's 1%
  for (auto _ : state) {
    f.minibatch_gradient(x, rows, gx);
    f.minibatch_gradient(y, rows, gy);
    gx -= gy;
    benchmark::DoNotOptimize(gx.data());
  }
}
BENCHMARK(BM_MinibatchGradientDifference);

void BM_Compressor(benchmark::State& state, const std::string& name, Index k) {
  const Index d = local_problem().dim();
  const auto q = make_compressor(CompressorSpec{name, k, 4, 5}, d, WireFormat{});
  Vec x = Vec::LinSpaced(d, -1, 1);
  Rng rng(1);
  for (auto _ : state) {
    Message m = q->compress(x, rng, CompressionContext{0, 5, 7});
    benchmark::DoNotOptimize(m.bits);
  }
}
BENCHMARK_CAPTURE(BM_Compressor, rand_k_1, "rand_k", 1);
BENCHMARK_CAPTURE(BM_Compressor, rand_k_10, "rand_k", 10);
BENCHMARK_CAPTURE(BM_Compressor, perm_k, "perm_k", 1);
BENCHMARK_CAPTURE(BM_Compressor, top_k_10, "top_k", 10);
BENCHMARK_CAPTURE(BM_Compressor, qsgd_4, "qsgd", 1);
BENCHMARK_CAPTURE(BM_Compressor, natural, "natural", 1);
BENCHMARK_CAPTURE(BM_Compressor, natural_dithering, "natural_dithering", 1);

class NoRecording final : public RoundObserver {
 public:
  bool on_round(const RoundReport&, const Vec&) override { return true; }
};

// One MARINA round with the network off: 5 workers, RandK K = 1, theory p and step.
void BM_MarinaRound(benchmark::State& state) {
  std::vector<std::shared_ptr<const Objective>> locals;
  for (const auto& s : shards()) locals.push_back(std::make_shared<NonconvexLogistic>(s, 1e-6));
  const DistributedObjective obj(locals);
  const auto q = make_compressor(CompressorSpec{"rand_k", 1, 1, 5}, obj.dim(), WireFormat{});
  MethodSpec spec;
  spec.name = "marina";
  const std::int64_t rounds = 200;
  NoRecording none;
  for (auto _ : state) {
    MethodInstance m = make_method(spec, MethodContext{obj, *q, WireFormat{}, Vec::Zero(obj.dim())});
    run_plain_loop(m, rounds, 1, none);
  }
  state.SetItemsProcessed(state.iterations() * rounds);
}
BENCHMARK(BM_MarinaRound)->Unit(benchmark::kMillisecond);

// ---- gradient kernels --------------------------------------------------------------------

// A random shard: each entry nonzero with probability `density` (at least one per row),
// values 1 (pattern) or uniform in [-1, 1], labels +-1; column 0 all ones, like the bias.
Dataset synthetic_shape(Index rows, Index cols, double density, bool binary) {
  std::mt19937_64 gen(42);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  Dataset d;
  d.features.resize(rows, cols);
  d.labels.resize(rows);
  std::vector<Eigen::Triplet<double>> entries;
  for (Index r = 0; r < rows; ++r) {
    entries.emplace_back(r, 0, 1.0);
    for (Index c = 1; c < cols; ++c)
      if (u(gen) < density) entries.emplace_back(r, c, binary ? 1.0 : 2.0 * u(gen) - 1.0);
    d.labels[r] = u(gen) < 0.5 ? -1.0 : 1.0;
  }
  d.features.setFromTriplets(entries.begin(), entries.end());
  d.features.makeCompressed();
  d.origin = "synthetic";
  return d;
}

void BM_ReferenceGradient(benchmark::State& state, const Dataset& shard) {
  const bench::ReferenceGradient f(shard, 1e-6);
  Vec x = Vec::LinSpaced(shard.dim(), -0.05, 0.05), g;
  for (auto _ : state) {
    f.gradient(x, g);
    benchmark::DoNotOptimize(g.data());
  }
  state.counters["nnz"] = static_cast<double>(shard.features.nonZeros());
}

void BM_KernelGradient(benchmark::State& state, const Dataset& shard, std::optional<ShardStorage> storage) {
  const NonconvexLogistic f = storage ? NonconvexLogistic(shard, 1e-6, *storage) : NonconvexLogistic(shard, 1e-6);
  Vec x = Vec::LinSpaced(shard.dim(), -0.05, 0.05), g;
  for (auto _ : state) {
    f.gradient(x, g);
    benchmark::DoNotOptimize(g.data());
  }
  state.counters["nnz"] = static_cast<double>(shard.features.nonZeros());
  state.SetLabel(std::string("storage=") + to_string(f.storage()) + " isa=" + kernels::to_string(kernels::best_isa()));
}

template <class F>
F make_objective(const Dataset& shard, std::optional<ShardStorage> storage) {
  if constexpr (std::is_same_v<F, NonconvexLogistic>)
    return storage ? NonconvexLogistic(shard, 1e-6, *storage) : NonconvexLogistic(shard, 1e-6);
  else
    return F(shard, 1e-6);
}

// F is NonconvexLogistic or the reference; storage is ignored for the reference.
template <class F>
void BM_Minibatch(benchmark::State& state, const Dataset& shard, std::optional<ShardStorage> storage) {
  const F f = make_objective<F>(shard, storage);
  Vec x = Vec::LinSpaced(shard.dim(), -0.05, 0.05), g;
  std::vector<Index> rows;
  const Index b = std::max<Index>(1, shard.samples() / 100);  // the paper's 1% minibatch
  for (Index k = 0; k < b; ++k) rows.push_back(k * (shard.samples() / b));
  for (auto _ : state) {
    f.minibatch_gradient(x, rows, g);
    benchmark::DoNotOptimize(g.data());
  }
}

void register_gradient_cases(const std::string& name, const Dataset& shard) {
  static std::vector<std::unique_ptr<Dataset>> keep;  // benchmarks refer to their shard
  keep.push_back(std::make_unique<Dataset>(shard));
  const Dataset& d = *keep.back();
  benchmark::RegisterBenchmark(("Gradient/" + name + "/reference").c_str(), BM_ReferenceGradient, std::cref(d));
  benchmark::RegisterBenchmark(("Gradient/" + name + "/auto").c_str(), BM_KernelGradient, std::cref(d),
                               std::optional<ShardStorage>());
  benchmark::RegisterBenchmark(("Minibatch/" + name + "/reference").c_str(), BM_Minibatch<bench::ReferenceGradient>,
                               std::cref(d), std::optional<ShardStorage>());
  std::vector<ShardStorage> kinds{ShardStorage::csr, ShardStorage::dense};
  if (column_constant(d.features)) {
    kinds.push_back(ShardStorage::pattern_csr);
    kinds.push_back(ShardStorage::pattern_groups);
  }
  for (ShardStorage k : kinds) {
    benchmark::RegisterBenchmark(("Gradient/" + name + "/" + to_string(k)).c_str(), BM_KernelGradient, std::cref(d),
                                 std::optional<ShardStorage>(k));
    benchmark::RegisterBenchmark(("Minibatch/" + name + "/" + to_string(k)).c_str(), BM_Minibatch<NonconvexLogistic>, std::cref(d),
                                 std::optional<ShardStorage>(k));
  }
}

void register_all_gradient_cases() {
  for (const char* name : {"mushrooms", "a9a", "w8a", "phishing"}) {
    const auto path = find_data_set(name);
    if (!path) {
      std::fprintf(stderr, "marina_bench: %s not found, its Gradient cases are skipped\n", name);
      continue;
    }
    register_gradient_cases(name, shard(with_bias_column(read_libsvm(path->string())), 5, SplitMode::contiguous, 1)[0]);
  }
  // Synthetic shapes: tall/wide, sparse/dense, 0/1 (pattern) or real values.
  struct Shape {
    const char* name;
    Index rows, cols;
    double density;
    bool binary;
  };
  for (const Shape& s : {Shape{"tall_sparse_01", 10000, 300, 0.04, true}, Shape{"tall_sparse_real", 10000, 300, 0.04, false},
                         Shape{"tall_mid_01", 2000, 120, 0.2, true}, Shape{"tall_dense_01", 2000, 70, 0.45, true},
                         Shape{"tall_dense_real", 2000, 70, 0.45, false}, Shape{"wide_sparse_real", 300, 3000, 0.01, false},
                         Shape{"wide_dense_real", 200, 1000, 0.5, false}})
    register_gradient_cases(s.name, synthetic_shape(s.rows, s.cols, s.density, s.binary));
}

}  // namespace

int main(int argc, char** argv) {
  register_all_gradient_cases();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

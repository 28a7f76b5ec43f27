// Micro-benchmarks of the numerics (Google Benchmark), apart from the test suite:
//   build/marina_bench [--benchmark_filter=...]
// Uses the paper's mushrooms shard (n = 5, contiguous, bias column) when the data set is
// found ($MARINA_DATA_DIR or ../shared/datasets), else a synthetic shard of the same shape.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>

#include "methods/algorithms/method_factory.hpp"
#include "methods/algorithms/plain_loop.hpp"
#include "methods/common/rng.hpp"
#include "methods/compressors/compressor.hpp"
#include "methods/data/libsvm.hpp"
#include "methods/data/sharding.hpp"
#include "methods/data/synthetic.hpp"
#include "methods/problems/nonconvex_logistic.hpp"

namespace fs = std::filesystem;
using namespace marina;

namespace {

Dataset paper_data() {
  std::vector<fs::path> candidates;
  if (const char* d = std::getenv("MARINA_DATA_DIR")) candidates.push_back(fs::path(d) / "mushrooms");
  candidates.push_back(fs::path(MARINA_SOURCE_DIR) / ".." / "shared" / "datasets" / "mushrooms");
  for (const auto& c : candidates)
    if (fs::exists(c)) return with_bias_column(read_libsvm(c.string()));
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

}  // namespace

BENCHMARK_MAIN();

// One minibatch gradient (b' = 256) of each neural model, the numbers set side by side with
// PyTorch's (tests/bench/pytorch_gradient.py, same models, batch and micro-batches):
//   build/marina_bench_neural [--benchmark_repetitions=5]
// The shard is 1,024 generated images (pixel values do not change the work); the gradient
// includes what marina-sim pays on top of torch: x (double) into the module's float
// parameters, the gradient back into a double vector, the hand-off to the model's thread.
#include <benchmark/benchmark.h>

#include <numeric>
#include <vector>

#include "methods/data/synthetic_images.hpp"
#include "methods/problems/neural_objective.hpp"

using namespace marina;

namespace {

ImageSet generated(int channels, int side, int classes) {
  return make_synthetic_images({1024, channels, side, side, classes, 1});
}

// The models of the comparison (pytorch_gradient.py builds the same).
ModelSpec model(ModelKind kind) {
  ModelSpec s;
  s.kind = kind;
  if (kind == ModelKind::mlp) s.hidden = {512, 256};
  if (kind == ModelKind::resnet18) {
    s.channels = 3;
    s.height = s.width = 32;
    s.classes = 1000;  // the paper's head
  }
  return s;
}

void BM_MinibatchGradient(benchmark::State& state, ModelKind kind) {
  const ModelSpec spec = model(kind);
  const NeuralObjective f(generated(spec.channels, spec.height, 10), spec);
  const Vec x = f.initial_point(NeuralInit::standard, 1);
  std::vector<Index> rows(256);
  std::iota(rows.begin(), rows.end(), Index{100});
  Vec g;
  for (auto _ : state) {
    f.minibatch_gradient(x, rows, g);
    benchmark::DoNotOptimize(g.data());
  }
  state.counters["GFLOP/s"] = benchmark::Counter(f.minibatch_work(rows).flops, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["d"] = static_cast<double>(f.dim());
}

// What each gradient pays to move x into the module: d doubles into d floats.
void BM_SetParameters(benchmark::State& state, ModelKind kind) {
  NeuralModel m(model(kind));
  const Vec x = m.initial_point(NeuralInit::standard, 1);
  for (auto _ : state) m.set_parameters(x);
}

}  // namespace

BENCHMARK_CAPTURE(BM_SetParameters, resnet18, ModelKind::resnet18)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_MinibatchGradient, mlp, ModelKind::mlp)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_MinibatchGradient, lenet5, ModelKind::lenet5)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_MinibatchGradient, resnet18, ModelKind::resnet18)->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK_MAIN();

// Peak memory of the paper's ResNet-18 configuration at the objective level (issue 18, "peak
// memory of the exact resnet18 configuration with 5 workers <= 6 GB"): n workers, each with a
// shard of 32x32x3 generated images (the paper's 10,112) and its own resnet18 with the
// 1000-way head, each computing minibatch gradients (b' = 256) on a pool of 2 threads as a
// run with --threads 2 does, every gradient kept in its own double vector.
//   build/neural_memory [WORKERS=5] [SHARD=10112] [BATCH=256] [ROUNDS=2]
// Prints the peak resident set after building and after the gradients (VmHWM).
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <numeric>
#include <string>
#include <vector>

#include "methods/data/synthetic_images.hpp"
#include "methods/common/thread_pool.hpp"
#include "methods/problems/neural_objective.hpp"

using namespace marina;

namespace {

std::string peak_rss() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);)
    if (line.rfind("VmHWM:", 0) == 0) return line.substr(6);
  return "?";
}

ImageSet shard(Index count, std::uint64_t seed) { return make_synthetic_images({count, 3, 32, 32, 100, seed}); }

}  // namespace

int main(int argc, char** argv) {
  const int workers = argc > 1 ? std::atoi(argv[1]) : 5;
  const Index shard_size = argc > 2 ? std::atol(argv[2]) : 10112;
  const Index batch = argc > 3 ? std::atol(argv[3]) : 256;
  const int rounds = argc > 4 ? std::atoi(argv[4]) : 2;
  ModelSpec spec;
  spec.kind = ModelKind::resnet18;
  spec.channels = 3;
  spec.height = spec.width = 32;
  spec.classes = 1000;
  std::vector<std::unique_ptr<NeuralObjective>> objectives;
  for (int w = 0; w < workers; ++w)
    objectives.push_back(std::make_unique<NeuralObjective>(shard(shard_size, w + 1), spec));
  const Vec x = objectives[0]->initial_point(NeuralInit::standard, 1);
  std::printf("built %d resnet18 objectives (d = %ld, shards of %ld): peak RSS %s\n", workers,
              static_cast<long>(x.size()), static_cast<long>(shard_size), peak_rss().c_str());
  std::vector<Vec> gradients(static_cast<std::size_t>(workers));
  std::vector<Index> rows(static_cast<std::size_t>(batch));
  ThreadPool pool(2);
  for (int r = 0; r < rounds; ++r) {
    std::iota(rows.begin(), rows.end(), Index{r} * batch);
    pool.run(gradients.size(), [&](std::size_t w) { objectives[w]->minibatch_gradient(x, rows, gradients[w]); });
  }
  std::printf("after %d rounds of b' = %ld minibatch gradients on 2 threads: peak RSS %s\n", rounds,
              static_cast<long>(batch), peak_rss().c_str());
  return 0;
}

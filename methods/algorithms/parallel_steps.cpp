#include "methods/algorithms/parallel_steps.hpp"

#include <algorithm>
#include <cassert>

namespace marina {

namespace {
// Chunks per thread: enough that a thread finishing early finds more work, few enough that
// the hand-offs cost nothing next to thousands of tiny steps.
constexpr std::size_t kChunksPerThread = 4;
}  // namespace

ParallelSteps::ParallelSteps(MethodInstance& method, std::vector<Rng*> rngs, ThreadPool& pool)
    : method_(method), rngs_(std::move(rngs)), pool_(pool), position_(method.workers.size()) {
  assert(rngs_.size() == method.workers.size());
}

ParallelSteps::~ParallelSteps() {
  try {
    pool_.finish_all();
  } catch (...) {
    // Already reported to whoever took the failing step.
  }
}

void ParallelSteps::start(const RoundPlan& plan) {
  pool_.finish_all();  // the previous round's steps, all taken by now
  downlink_ = plan.downlink;
  participants_ = plan.participants;
  const std::size_t n = participants_.size();
  results_.assign(n, Uplink{});
  for (std::size_t j = 0; j < n; ++j) position_[static_cast<std::size_t>(participants_[j])] = j;
  const std::size_t chunks = std::min(n, kChunksPerThread * static_cast<std::size_t>(pool_.threads()));
  if (chunks == 0) return;
  chunk_ = (n + chunks - 1) / chunks;
  pool_.start((n + chunk_ - 1) / chunk_, [this, n](std::size_t c) {
    for (std::size_t j = c * chunk_; j < std::min(n, (c + 1) * chunk_); ++j) {
      const auto w = static_cast<std::size_t>(participants_[j]);
      results_[j] = method_.workers[w]->step(*downlink_, *rngs_[w]);
    }
  });
}

Uplink ParallelSteps::take(int worker) {
  const std::size_t j = position_[static_cast<std::size_t>(worker)];
  assert(j < participants_.size() && participants_[j] == worker);
  pool_.finish(j / chunk_);
  return std::move(results_[j]);
}

std::vector<Uplink> step_all(ParallelSteps& steps, const RoundPlan& plan) {
  steps.start(plan);
  std::vector<Uplink> uplinks;
  uplinks.reserve(plan.participants.size());
  for (int w : plan.participants) uplinks.push_back(steps.take(w));
  return uplinks;
}

}  // namespace marina

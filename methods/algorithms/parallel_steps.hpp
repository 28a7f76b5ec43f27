// A round's worker steps computed on a thread pool (issue 11, "both cores").
//
// Why this is exact: a participant's step depends only on its own WorkerLogic, its own
// random stream and the round's immutable downlink; no two workers share mutable state
// (each has its own shard objective, compressor clone and Rng; PermK's shared permutation
// and MARINA's coin come from the downlink, PP-MARINA's client sample from the server's
// plan). So running the steps concurrently gives each worker exactly the uplink the
// sequential loop gives, and callers consume them in participant order.
//
// Steps are grouped into contiguous chunks so that rounds with thousands of tiny steps pay
// one hand-off per chunk, not per worker.
#pragma once

#include <cstddef>
#include <vector>

#include "methods/algorithms/protocol.hpp"
#include "methods/common/thread_pool.hpp"

namespace marina {

class ParallelSteps {
 public:
  // rngs[i] is worker i's stream; it and the method outlive this object.
  ParallelSteps(MethodInstance& method, std::vector<Rng*> rngs, ThreadPool& pool);
  ~ParallelSteps();  // waits for steps still running (a step threw, a run stopped early)
  ParallelSteps(const ParallelSteps&) = delete;
  ParallelSteps& operator=(const ParallelSteps&) = delete;

  // Begins every participant's step on `plan.downlink`; returns at once.
  void start(const RoundPlan& plan);
  // Worker w's uplink of the started round (w must be a participant; each taken once):
  // computed here if no pool thread has begun it, else waited for.
  Uplink take(int worker);

 private:
  MethodInstance& method_;
  std::vector<Rng*> rngs_;
  ThreadPool& pool_;
  DownlinkPtr downlink_;
  std::vector<int> participants_;
  std::size_t chunk_ = 1;
  std::vector<std::size_t> position_;  // worker -> index in participants_ this round
  std::vector<Uplink> results_;        // by participant position
};

// Every participant's uplink, in participant order.
std::vector<Uplink> step_all(ParallelSteps& steps, const RoundPlan& plan);

}  // namespace marina

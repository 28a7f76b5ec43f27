#include "methods/algorithms/plain_loop.hpp"

#include <memory>
#include <vector>

#include "methods/algorithms/parallel_steps.hpp"
#include "methods/common/rng.hpp"
#include "methods/common/thread_pool.hpp"

namespace marina {

std::int64_t run_plain_loop(MethodInstance& method, std::int64_t rounds, std::uint64_t seed,
                            RoundObserver& observer, int threads) {
  Rng server_rng = make_rng(seed, StreamRole::server);
  std::vector<Rng> worker_rngs;
  worker_rngs.reserve(method.workers.size());
  for (std::size_t i = 0; i < method.workers.size(); ++i)
    worker_rngs.push_back(make_rng(seed, StreamRole::worker, i));

  // One thread: the steps run here, in participant order, with no pool at all.
  std::unique_ptr<ThreadPool> pool;
  std::unique_ptr<ParallelSteps> parallel;
  if (threads > 1) {
    pool = std::make_unique<ThreadPool>(threads);
    std::vector<Rng*> rngs;
    for (Rng& r : worker_rngs) rngs.push_back(&r);
    parallel = std::make_unique<ParallelSteps>(method, std::move(rngs), *pool);
  }

  std::vector<Uplink> uplinks;
  for (std::int64_t k = 0; k <= rounds; ++k) {
    const RoundPlan plan = method.server->plan(k, server_rng);
    if (parallel) {
      uplinks = step_all(*parallel, plan);
    } else {
      uplinks.clear();
      for (int w : plan.participants)
        uplinks.push_back(method.workers[static_cast<std::size_t>(w)]->step(
            *plan.downlink, worker_rngs[static_cast<std::size_t>(w)]));
    }
    RoundReport report;
    report.round = k;
    report.plan = &plan;
    report.uplinks = uplinks;
    report.server_work = method.server->aggregate(uplinks);
    if (!observer.on_round(report, method.server->iterate())) return k;
  }
  return rounds;
}

}  // namespace marina

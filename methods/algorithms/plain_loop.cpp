#include "methods/algorithms/plain_loop.hpp"

#include <vector>

#include "methods/common/rng.hpp"

namespace marina {

std::int64_t run_plain_loop(MethodInstance& method, std::int64_t rounds, std::uint64_t seed,
                            RoundObserver& observer) {
  Rng server_rng = make_rng(seed, StreamRole::server);
  std::vector<Rng> worker_rngs;
  worker_rngs.reserve(method.workers.size());
  for (std::size_t i = 0; i < method.workers.size(); ++i)
    worker_rngs.push_back(make_rng(seed, StreamRole::worker, i));

  std::vector<Uplink> uplinks;
  for (std::int64_t k = 0; k <= rounds; ++k) {
    const RoundPlan plan = method.server->plan(k, server_rng);
    uplinks.clear();
    for (int w : plan.participants)
      uplinks.push_back(method.workers[static_cast<std::size_t>(w)]->step(
          *plan.downlink, worker_rngs[static_cast<std::size_t>(w)]));
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

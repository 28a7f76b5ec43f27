// What a driver reports after each round, to whoever records metrics. Drivers (the plain
// loop, the SimGrid actors) fill it identically; only sim_time differs.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "methods/algorithms/protocol.hpp"

namespace marina {

struct RoundReport {
  std::int64_t round = 0;
  double sim_time = 0.0;                 // simulated seconds at the end of the round (0 without network)
  const RoundPlan* plan = nullptr;
  std::span<const Uplink> uplinks;       // in participant order (under faults: those that arrived)
  // After a server restart (docs/faults.md "Server crashes"): the workers' mirrored states
  // gathered before this round, whose bits count with it; they are not part of its aggregate.
  std::span<const Uplink> recovery_uplinks;
  // Bits of the downlinks that reached their worker, when that is not every participant
  // times plan->downlink->bits() (faults: lost, skipped or resync downlinks).
  std::optional<std::uint64_t> downlink_bits;
  Work server_work;
  // Simulated seconds of this round the server spent with at least one of its transfers in
  // flight, and spent computing on the critical path (slowest worker + aggregation).
  double comm_time_s = 0.0;
  double compute_time_s = 0.0;
};

class RoundObserver {
 public:
  virtual ~RoundObserver() = default;
  // Returns false to stop the run (e.g. divergence); x is the server's x^k.
  virtual bool on_round(const RoundReport& report, const Vec& x) = 0;
  // The run ended before its last round because the server was lost for good; x is the
  // iterate of the last round reported.
  virtual void on_cut_short(const Vec& x) { (void)x; }
};

}  // namespace marina

// The round protocol between a method and whoever drives it (the SimGrid actors or the
// plain loop), DESIGN.md "How a method meets the simulator".
//
// Round k: the server plans (who takes part, one shared downlink); every participant
// applies the downlink and returns an uplink computed at x^k; the server aggregates.
// After round k every party holds x^k; round 0 starts from x^0 and carries no direction.
//
// Faults (docs/faults.md): the simulator may lose downlinks and uplinks. aggregate() then
// sees only the uplinks that arrived, each method folds them in by its documented policy,
// a worker whose uplink was lost is told so (uplink_lost), and a worker that missed a
// downlink is sent resync_downlink() instead of the planned one. Without faults none of
// this runs and every method computes exactly what it computed before.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "methods/algorithms/message.hpp"
#include "methods/common/types.hpp"

namespace marina {

struct RoundPlan {
  std::vector<int> participants;  // ascending worker indices
  DownlinkPtr downlink;           // the same immutable downlink for every participant
};

class ServerLogic {
 public:
  virtual ~ServerLogic() = default;
  virtual RoundPlan plan(std::int64_t round, Rng& rng) = 0;
  // Uplinks arrive in the order of plan().participants; under faults only those that
  // arrived, possibly none. Returns the server's own work.
  virtual Work aggregate(std::span<const Uplink> uplinks) = 0;
  // What a participant that missed an earlier downlink (a crash, a link down) is sent in
  // place of `planned`, the downlink plan() just made: planned plus the points the worker
  // needs to rejoin at x^k, in full precision so its copy is bit-identical to the server's.
  virtual DownlinkPtr resync_downlink(const DownlinkPtr& planned) const = 0;
  // x^k after round k (the point the round's uplinks were computed at).
  virtual const Vec& iterate() const = 0;
};

class WorkerLogic {
 public:
  virtual ~WorkerLogic() = default;
  virtual Uplink step(const Downlink& downlink, Rng& rng) = 0;
  // The uplink of the last step never reached the server: undo the state the server would
  // have mirrored (DIANA's shift h_i, EF21's g_i, ...), so that both sides agree again.
  // Workers whose state the server does not mirror have nothing to undo.
  virtual void uplink_lost() {}
};

// The parameters a method actually ran with, for summary.json and the theory table.
struct ResolvedParameters {
  std::string method;
  double step_size = 0.0;
  std::optional<double> p;      // probability of a dense round (MARINA family, DASHA-PAGE),
                                // or of a reference refresh (VR-DIANA)
  std::optional<double> alpha;  // shift step size (DIANA family)
  std::optional<double> batch_size;   // b' (VR methods, DASHA-PAGE)
  std::optional<double> large_batch;  // b (VR-MARINA online)
  std::optional<double> clients;      // r (PP-MARINA)
  std::optional<double> momentum;     // a (DASHA)
  double omega = 0.0;           // compressor variance parameter
  double zeta = 0.0;            // compressor expected density
  double smoothness = 0.0;      // L = sqrt(mean L_i^2)
};

struct MethodInstance {
  std::unique_ptr<ServerLogic> server;
  std::vector<std::unique_ptr<WorkerLogic>> workers;
  ResolvedParameters parameters;
};

}  // namespace marina

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
//
// Server crashes (docs/faults.md "Server crashes"): the simulator keeps snapshot() copies of
// the server (its checkpoints) and, after a restart, carries on from one of them. Rounds
// after it are run again; every worker gets a resync at its next contact. A server that
// mirrors per-worker state (mirrors_worker_state) then has a sum of worker states older than
// the workers' own: before the next round the simulator gathers every reachable worker's
// mirrored_state() and hands them to rebuild_from_workers(); a worker it could not reach is
// told to forget_mirrored_state(), and both sides count its state as zero.
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

  // A copy of the whole server state, from which a restarted server carries on as if it were
  // this one; null when the method cannot be checkpointed (a server crash is then refused).
  // CopyableServer (server_snapshot.hpp) gives every copyable server this.
  virtual std::unique_ptr<ServerLogic> snapshot() const { return nullptr; }
  // The bytes a checkpoint of the state after aggregate() must hold to resume from it:
  // d-vectors in f64, the messages kept, per-round scalars; not the constants the scenario
  // rebuilds (gamma, p, n) nor scratch space (server_snapshot.hpp has the helpers).
  virtual std::uint64_t snapshot_bytes() const { return 0; }
  // Whether the server's estimate is built from per-worker state that the workers keep too
  // (the stale_state fault policy: DIANA's shifts h_i, EF21's and DASHA's g_i).
  virtual bool mirrors_worker_state() const { return false; }
  // The mirrored states of the workers that answered (WorkerLogic::mirrored_state, in
  // ascending worker order; a missing worker's state counts as zero): the server sets its
  // aggregate of them, e.g. h = (1/n) sum_i h_i, as the sum the next aggregate() folds its
  // messages into. The next plan() still steps as the checkpoint would have: the resumed
  // round is the one the run without the crash took. Only called when mirrors_worker_state().
  virtual void rebuild_from_workers(std::span<const Uplink> states) { (void)states; }
};

class WorkerLogic {
 public:
  virtual ~WorkerLogic() = default;
  virtual Uplink step(const Downlink& downlink, Rng& rng) = 0;
  // The uplink of the last step never reached the server: undo the state the server would
  // have mirrored (DIANA's shift h_i, EF21's g_i, ...), so that both sides agree again.
  // Workers whose state the server does not mirror have nothing to undo.
  virtual void uplink_lost() {}
  // The state the server mirrors (h_i, g_i), in f64 so that the server's copy is this one
  // bit for bit; an empty message for workers whose state is not mirrored.
  virtual Message mirrored_state() const { return Message::empty_message(); }
  // A restarted server could not learn this worker's mirrored state: both sides take it as
  // zero from now on (the state a worker starts with).
  virtual void forget_mirrored_state() {}
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

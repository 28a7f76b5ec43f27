// What happens when the server's host crashes and comes back (docs/faults.md "Server
// crashes"). The server actor dies with its host and SimGrid starts a fresh copy of it when
// the host is back (set_auto_restart); everything that must outlive it is here or in the
// ServerSlot: the checkpoints, the fault tallies, where the rounds stand.
//
// A restarted server reads its last checkpoint, goes back to that round and runs the rounds
// after it again (the recorder gets them again: trace.csv then has those round numbers
// twice, later in simulated time). Every worker gets a resync downlink at its next contact.
// A method whose server mirrors worker state then gathers every reachable worker's state
// (one exchange before the next round, its bits counted with that round) and rebuilds its
// aggregate from them; a worker that does not answer forgets its state, as does every worker
// when the server starts again from round 0 (the state the scenario builds has none).
#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "methods/algorithms/protocol.hpp"
#include "sim/engine/checkpoint_store.hpp"
#include "sim/engine/round_exchange.hpp"

namespace marina {

// Where a restarted server carries on.
struct Resumption {
  std::int64_t next_round = 0;
  // The exchange that gathered the workers' mirrored states, counted with the next round
  // (its bits and transfer time); empty when there was none.
  std::optional<RoundTraffic> gathered;
};

class ServerRecovery {
 public:
  ServerRecovery(const ServerLogic& initial, std::uint64_t seed, const CheckpointPolicy& policy,
                 simgrid::s4u::Host* server, simgrid::s4u::Host* storage, NetworkAccounting& accounting, int workers);

  // After round k's aggregate and before the round counts as done: the checkpoint, if due.
  void after_aggregate(std::int64_t round, const ServerLogic& logic, const Rng& rng) {
    store_.after_round(round, logic, rng);
  }
  // Round k is done and reported.
  void round_completed(std::int64_t round);
  // The server's actor is dying with its host at `now`.
  void went_down(double now);
  // The first steps of a restarted server: reads the checkpoint, puts its copy in `logic` and
  // its stream in `rng`, resets the exchange and, when the method mirrors worker state,
  // gathers the workers' states. May block (reads, transfers) and so die again.
  Resumption restart(std::unique_ptr<ServerLogic>& logic, Rng& rng, RoundExchange& exchange);

  bool down() const { return down_since_.has_value(); }
  double down_since() const { return *down_since_; }
  // The last round done before the server went down for good (-1: none).
  std::int64_t last_completed() const { return last_completed_; }

  // summary.json's faults.server.
  nlohmann::json to_json() const;

 private:
  void rebuild(ServerLogic& logic, std::int64_t next_round, RoundExchange& exchange, RoundTraffic& traffic);

  CheckpointStore store_;
  int workers_;
  std::optional<double> down_since_;
  std::int64_t last_completed_ = -1;     // in the current timeline
  std::int64_t highest_completed_ = -1;  // over all timelines: rounds up to it are redone
  std::int64_t crashes_ = 0, restarts_ = 0, rounds_lost_ = 0, rounds_redone_ = 0;
  double downtime_s_ = 0.0;
  nlohmann::json restored_rounds_ = nlohmann::json::array();
  std::int64_t rebuilds_ = 0, rebuild_answers_ = 0, rebuild_missed_ = 0;
  std::uint64_t rebuild_uplink_bits_ = 0, rebuild_downlink_bits_ = 0;
};

}  // namespace marina

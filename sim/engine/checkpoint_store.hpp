// Where a server that may crash keeps what it needs to resume (docs/faults.md "Server
// crashes"): a copy of its method state (ServerLogic::snapshot), its random stream and the
// round, written after the round's aggregate and read back by the restarted server.
//
// The copy lives in memory; what is simulated is its cost. A checkpoint of B bytes is
// B / faults.checkpoint_rate seconds of the server's time on its local disk, or a transfer of
// B bytes to faults.checkpoint_host over the platform (and back when it is read). A write
// counts only once it has completed: a crash during it (the server's actor dies while it
// waits) or a failed transfer leaves the previous checkpoint in place. The scenario itself is
// the checkpoint of round -1: the state before round 0, rebuilt without reading anything.
#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "methods/algorithms/protocol.hpp"
#include "sim/engine/network_accounting.hpp"
#include "sim/scenario/fault_plan.hpp"

namespace simgrid::s4u {
class Host;
}

namespace marina {

struct Checkpoint {
  std::unique_ptr<ServerLogic> logic;
  Rng rng;
  std::int64_t round = -1;  // the state after this round's aggregate; -1: before round 0
  std::uint64_t bytes = 0;  // what it weighs on disk or on the wire
};

class CheckpointStore {
 public:
  // `initial` is the server as the scenario builds it. `storage` is the checkpoint host, or
  // null for the server's local disk.
  CheckpointStore(const ServerLogic& initial, std::uint64_t seed, const CheckpointPolicy& policy,
                  simgrid::s4u::Host* server, simgrid::s4u::Host* storage, NetworkAccounting& accounting);

  // After round k's aggregate: when k is a multiple of checkpoint_every, writes a checkpoint
  // of `logic` and `rng` (blocking the calling actor for the write) and keeps it if the
  // write completed.
  void after_round(std::int64_t round, const ServerLogic& logic, const Rng& rng);
  // What the restarted server carries on from: the last checkpoint, read back (blocking the
  // caller), or the scenario's state when there is none or the read failed.
  const Checkpoint& read_latest();
  std::int64_t latest_round() const { return latest_.round; }
  // The server died at `now`: a write or read under way is lost, its time spent all the same.
  void interrupted(double now);

  // The checkpoint part of summary.json's faults.server.
  nlohmann::json to_json() const;

 private:
  // Moves `bytes` between the server and the storage (local disk: sleeps); false when the
  // transfer failed.
  bool move(std::uint64_t bytes, bool to_storage, double& seconds);
  bool transfer(std::uint64_t bytes, bool to_storage);

  Checkpoint initial_, latest_;
  CheckpointPolicy policy_;
  simgrid::s4u::Host* server_;
  simgrid::s4u::Host* storage_;
  NetworkAccounting& accounting_;
  LinkIds to_storage_, from_storage_;
  std::int64_t written_ = 0, write_failures_ = 0, reads_ = 0, read_failures_ = 0;
  std::uint64_t bytes_written_ = 0, bytes_read_ = 0, last_bytes_ = 0;
  double write_s_ = 0.0, read_s_ = 0.0;
  std::int64_t writes_started_ = 0;     // a crash mid-write: started but neither written nor failed
  std::optional<double> moving_since_;  // a write or read under way since then
  bool moving_to_storage_ = false;
};

}  // namespace marina

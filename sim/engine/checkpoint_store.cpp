#include "sim/engine/checkpoint_store.hpp"

#include <simgrid/Exception.hpp>
#include <simgrid/s4u.hpp>
#include <stdexcept>

#include "methods/algorithms/server_snapshot.hpp"
#include "methods/common/rng.hpp"
#include "sim/engine/actor_plumbing.hpp"

XBT_LOG_EXTERNAL_CATEGORY(marina);
XBT_LOG_NEW_DEFAULT_SUBCATEGORY(marina_checkpoints, marina, "marina-sim: the server's checkpoints");

namespace sg4 = simgrid::s4u;

namespace marina {
namespace {

// The server's random stream as a checkpoint holds it: mt19937_64's 312 words and its
// position, plus the round number.
constexpr std::uint64_t kStreamAndRoundBytes = Rng::state_size * sizeof(Rng::result_type) + 2 * kCheckpointScalarBytes;

}  // namespace

CheckpointStore::CheckpointStore(const ServerLogic& initial, std::uint64_t seed, const CheckpointPolicy& policy,
                                 sg4::Host* server, sg4::Host* storage, NetworkAccounting& accounting)
    : policy_(policy), server_(server), storage_(storage), accounting_(accounting) {
  initial_.logic = initial.snapshot();
  if (!initial_.logic) throw std::logic_error("a server without snapshot() cannot be checkpointed");
  initial_.rng = make_rng(seed, StreamRole::server);
  initial_.round = -1;
  latest_.round = -1;
  if (storage_ != nullptr) {
    to_storage_ = accounting_.route(route_between(server_, storage_));
    from_storage_ = accounting_.route(route_between(storage_, server_));
  }
}

void CheckpointStore::after_round(std::int64_t round, const ServerLogic& logic, const Rng& rng) {
  if (round % policy_.every != 0) return;
  Checkpoint c;
  c.logic = logic.snapshot();  // taken now: the write below is of this state
  c.rng = rng;
  c.round = round;
  c.bytes = logic.snapshot_bytes() + kStreamAndRoundBytes;
  ++writes_started_;
  double seconds = 0.0;
  const bool stored = move(c.bytes, true, seconds);  // the server may die in here: no commit then
  write_s_ += seconds;
  if (!stored) {
    ++write_failures_;
    XBT_VERB("checkpoint of round %ld failed", static_cast<long>(round));
    return;
  }
  ++written_;
  bytes_written_ += c.bytes;
  last_bytes_ = c.bytes;
  latest_ = std::move(c);
}

const Checkpoint& CheckpointStore::read_latest() {
  if (latest_.round < 0) return initial_;
  ++reads_;
  double seconds = 0.0;
  const bool read = move(latest_.bytes, false, seconds);
  read_s_ += seconds;
  if (read) {
    bytes_read_ += latest_.bytes;
    return latest_;
  }
  // The storage is unreachable: rather than wait for it, start again from the scenario.
  ++read_failures_;
  XBT_VERB("checkpoint of round %ld unreadable: the server starts again from round 0",
           static_cast<long>(latest_.round));
  return initial_;
}

void CheckpointStore::interrupted(double now) {
  if (!moving_since_) return;
  (moving_to_storage_ ? write_s_ : read_s_) += now - *moving_since_;
  moving_since_.reset();
}

bool CheckpointStore::move(std::uint64_t bytes, bool to_storage, double& seconds) {
  const double start = sg4::Engine::get_clock();
  moving_since_ = start;
  moving_to_storage_ = to_storage;
  const bool moved = transfer(bytes, to_storage);
  moving_since_.reset();
  seconds = sg4::Engine::get_clock() - start;
  return moved;
}

bool CheckpointStore::transfer(std::uint64_t bytes, bool to_storage) {
  if (storage_ == nullptr) {
    sg4::this_actor::sleep_for(static_cast<double>(bytes) / policy_.rate_Bps);
    return true;
  }
  sg4::Host* from = to_storage ? server_ : storage_;
  sg4::Host* to = to_storage ? storage_ : server_;
  // A transfer to a host that is off or over a link that is down fails at once in SimGrid;
  // not starting it is the same failure (see route_is_up).
  if (!storage_->is_on() || !route_is_up(links_between(from, to))) return false;
  try {
    sg4::Comm::sendto(from, to, bytes);
  } catch (const simgrid::Exception& e) {
    XBT_DEBUG("checkpoint transfer failed: %s", e.what());
    return false;
  }
  accounting_.add_transfer(bytes, to_storage ? to_storage_ : from_storage_);
  return true;
}

nlohmann::json CheckpointStore::to_json() const {
  nlohmann::json j;
  j["checkpoint_every"] = policy_.every;
  j["checkpoint_to"] = storage_ == nullptr ? nlohmann::json("local disk") : nlohmann::json(storage_->get_name());
  j["checkpoint_rate_Bps"] = storage_ == nullptr ? nlohmann::json(policy_.rate_Bps) : nlohmann::json(nullptr);
  j["checkpoints_written"] = written_;
  // Writes a crash interrupted, and writes whose transfer failed: either way not kept.
  j["checkpoints_lost"] = writes_started_ - written_;
  j["checkpoint_bytes"] = last_bytes_;
  j["checkpoint_bytes_written"] = bytes_written_;
  j["checkpoint_write_s"] = write_s_;
  j["checkpoint_reads"] = reads_;
  j["checkpoint_reads_failed"] = read_failures_;
  j["checkpoint_bytes_read"] = bytes_read_;
  j["checkpoint_read_s"] = read_s_;
  return j;
}

}  // namespace marina

#include "sim/engine/server_recovery.hpp"

#include <simgrid/s4u.hpp>

#include "methods/algorithms/shared_step.hpp"
#include "sim/engine/actor_plumbing.hpp"

XBT_LOG_EXTERNAL_CATEGORY(marina);
XBT_LOG_NEW_DEFAULT_SUBCATEGORY(marina_recovery, marina, "marina-sim: server crashes and restarts");

namespace sg4 = simgrid::s4u;

namespace marina {
namespace {

// The downlink that asks a worker for its mirrored state: one flag on the wire.
constexpr std::uint64_t kStateRequestBits = 1;

}  // namespace

ServerRecovery::ServerRecovery(const ServerLogic& initial, std::uint64_t seed, const CheckpointPolicy& policy,
                               sg4::Host* server, sg4::Host* storage, NetworkAccounting& accounting, int workers)
    : store_(initial, seed, policy, server, storage, accounting), workers_(workers) {}

void ServerRecovery::round_completed(std::int64_t round) {
  if (round <= highest_completed_) ++rounds_redone_;
  highest_completed_ = std::max(highest_completed_, round);
  last_completed_ = round;
}

void ServerRecovery::went_down(double now) {
  ++crashes_;
  down_since_ = now;
  store_.interrupted(now);
  XBT_VERB("the server went down after round %ld", static_cast<long>(last_completed_));
}

Resumption ServerRecovery::restart(std::unique_ptr<ServerLogic>& logic, Rng& rng, RoundExchange& exchange) {
  ++restarts_;
  downtime_s_ += sg4::Engine::get_clock() - *down_since_;
  down_since_.reset();
  const Checkpoint& c = store_.read_latest();  // blocks: the server may die again in here
  // Rounds done after the checkpoint are lost; the timeline goes back to it.
  if (last_completed_ > c.round) rounds_lost_ += last_completed_ - c.round;
  last_completed_ = c.round;
  restored_rounds_.push_back(c.round);
  logic = c.logic->snapshot();
  rng = c.rng;
  Resumption r;
  r.next_round = c.round + 1;
  XBT_VERB("the server is back and carries on from round %ld", static_cast<long>(r.next_round));
  const bool mirrors = logic->mirrors_worker_state();
  // From the scenario's state (no checkpoint yet) every mirrored state starts at zero again.
  exchange.server_restarted(*logic, mirrors && c.round < 0);
  if (mirrors && c.round >= 0) rebuild(*logic, r.next_round, exchange, r.gathered.emplace());
  return r;
}

// The workers' states are newer than the checkpoint's sum of them: ask every worker for its
// own (in f64) and set the server's aggregate from the answers.
void ServerRecovery::rebuild(ServerLogic& logic, std::int64_t next_round, RoundExchange& exchange,
                             RoundTraffic& traffic) {
  auto request = std::make_shared<Downlink>();
  request->round = next_round;
  request->control_bits = kStateRequestBits;
  exchange.gather_mirrored_states(RoundPlan{all_workers(workers_), request}, traffic);
  logic.rebuild_from_workers(traffic.uplinks);
  const Index dim = logic.iterate().size();
  const double start = sg4::Engine::get_clock();
  charge_flops(aggregation_flops(traffic.uplinks, dim));  // the sum of the answers
  traffic.slowest_compute_s += sg4::Engine::get_clock() - start;
  ++rebuilds_;
  rebuild_answers_ += static_cast<std::int64_t>(traffic.uplinks.size());
  rebuild_missed_ += workers_ - static_cast<std::int64_t>(traffic.uplinks.size());
  for (const Uplink& u : traffic.uplinks) rebuild_uplink_bits_ += u.message.bits;
  rebuild_downlink_bits_ += traffic.downlink_bits.value_or(0);
}

nlohmann::json ServerRecovery::to_json() const {
  nlohmann::json j;
  j["crashes"] = crashes_;
  j["restarts"] = restarts_;
  // Closed downtimes; a server down for good is "lost" from lost_at_s on.
  j["downtime_s"] = downtime_s_;
  j["lost"] = down();
  j["lost_at_s"] = down() ? nlohmann::json(*down_since_) : nlohmann::json(nullptr);
  const std::int64_t lost_for_good =
      down() && last_completed_ > store_.latest_round() ? last_completed_ - store_.latest_round() : 0;
  j["rounds_lost"] = rounds_lost_ + lost_for_good;
  j["rounds_redone"] = rounds_redone_;
  j["restored_from_rounds"] = restored_rounds_;  // -1: the scenario's state, before round 0
  j.update(store_.to_json());
  j["rebuild_rounds"] = rebuilds_;
  j["rebuild_answers"] = rebuild_answers_;
  j["rebuild_missed"] = rebuild_missed_;
  j["rebuild_uplink_bits"] = rebuild_uplink_bits_;
  j["rebuild_downlink_bits"] = rebuild_downlink_bits_;
  return j;
}

}  // namespace marina

// How the server actor moves one round's messages: the fault-free exchange (every transfer
// completes, the server waits for all) or the deadline exchange used when faults are
// modeled (docs/faults.md).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <nlohmann/json.hpp>
#include <utility>
#include <vector>

#include "methods/algorithms/parallel_steps.hpp"
#include "methods/algorithms/protocol.hpp"
#include "sim/engine/actor_plumbing.hpp"
#include "sim/engine/network_accounting.hpp"
#include "sim/engine/timeline_log.hpp"

namespace marina {

// What one round delivered to the server.
struct RoundTraffic {
  std::vector<Uplink> uplinks;                      // arrived, in the order of plan.participants
  std::vector<std::pair<double, double>> intervals;  // [start, finish] of every completed transfer
  double slowest_compute_s = 0.0;                    // among the uplinks that arrived
  std::optional<std::uint64_t> downlink_bits;        // set when not participants x planned bits
};

class RoundExchange {
 public:
  virtual ~RoundExchange() = default;
  virtual void exchange(const RoundPlan& plan, RoundTraffic& out) = 0;
  // summary.json's "faults" section; null when faults are not modeled.
  virtual nlohmann::json faults_json() const { return nullptr; }

  // Server crashes (docs/faults.md "Server crashes"), which only the deadline exchange meets.
  // The server came back with `logic` restored from a checkpoint: every worker gets a resync
  // at its next contact, and with `workers_forget` is also told to forget its mirrored state.
  virtual void server_restarted(const ServerLogic& logic, bool workers_forget) {
    (void)logic;
    (void)workers_forget;
  }
  // Asks request.participants for their mirrored states (one exchange under the round
  // timeout); out.uplinks gets the answers. Whoever does not answer is told to forget.
  virtual void gather_mirrored_states(const RoundPlan& request, RoundTraffic& out) {
    (void)request;
    (void)out;
  }
};

struct ExchangeContext {
  const Mailboxes& boxes;
  const Topology& topology;
  const std::vector<LinkIds>& down_routes;  // server -> worker i
  const std::vector<LinkIds>& up_routes;    // worker i -> server
  NetworkAccounting& accounting;
  // Fault-free runs with more than one thread: the round's steps are started on a pool as
  // soon as the round is planned (sim/engine/worker_actor.cpp takes them); null otherwise.
  ParallelSteps* steps_ahead = nullptr;
  TimelineLog* timeline = nullptr;  // run.timeline: transfers that arrived are recorded; null otherwise
};

struct DeadlineSettings {
  double timeout_s = 0.0;
  bool timeout_from_platform = true;  // "auto" (or "auto*x") rather than a number
  int drop_after = 3;
};

std::unique_ptr<RoundExchange> make_full_exchange(const ExchangeContext& context);
std::unique_ptr<RoundExchange> make_deadline_exchange(const ExchangeContext& context, const ServerLogic& logic,
                                                      const DeadlineSettings& settings);

}  // namespace marina

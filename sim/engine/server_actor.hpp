// The server actor: plan, exchange the round's messages, aggregate, record.
#pragma once

#include <cstdint>
#include <optional>

#include "methods/algorithms/parallel_steps.hpp"
#include "methods/algorithms/protocol.hpp"
#include "methods/algorithms/round_observer.hpp"
#include "sim/engine/actor_plumbing.hpp"
#include "sim/engine/network_accounting.hpp"
#include "sim/engine/round_exchange.hpp"

namespace marina {

struct SimulationOutcome;

class ServerActor {
 public:
  ServerActor(ServerLogic& logic, const Mailboxes& boxes, const Topology& topology, std::int64_t rounds,
              std::uint64_t seed, RoundObserver& observer, NetworkAccounting& accounting, SimulationOutcome& outcome,
              std::optional<DeadlineSettings> deadline,  // set when faults are modeled
              ParallelSteps* steps_ahead = nullptr,       // fault-free runs on a thread pool
              TimelineLog* timeline = nullptr);           // run.timeline
  void operator()();

 private:
  ServerLogic& logic_;
  const Mailboxes& boxes_;
  const Topology& topology_;
  std::int64_t rounds_;
  std::uint64_t seed_;
  RoundObserver& observer_;
  NetworkAccounting& accounting_;
  SimulationOutcome& outcome_;
  std::optional<DeadlineSettings> deadline_;
  ParallelSteps* steps_ahead_;
  TimelineLog* timeline_;
};

}  // namespace marina

// The server actor: plan, exchange the round's messages, aggregate, record.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "methods/algorithms/parallel_steps.hpp"
#include "methods/algorithms/protocol.hpp"
#include "methods/algorithms/round_observer.hpp"
#include "sim/engine/actor_plumbing.hpp"
#include "sim/engine/network_accounting.hpp"
#include "sim/engine/round_exchange.hpp"

namespace marina {

struct SimulationOutcome;
class ServerRecovery;
class ServerKeeper;

// What outlives the actor, as WorkerSlot does for workers: SimGrid restarts a crashed server
// from a copy of its functor (set_auto_restart), so the live method state, the random stream,
// the round to carry on from and the exchange's bookkeeping stay here.
struct ServerSlot {
  std::unique_ptr<ServerLogic>* logic = nullptr;  // the method's server; a restart puts a checkpoint's copy there
  Rng rng;
  std::int64_t next_round = 0;
  std::vector<LinkIds> down_routes, up_routes;  // looked up once, at the first start
  std::unique_ptr<RoundExchange> exchange;      // null until the first start
  ServerRecovery* recovery = nullptr;           // set when faults.crashes names the server
  ServerKeeper* keeper = nullptr;               // idem, when it is due back at some point
  std::optional<Vec> last_iterate;              // x after the last round done, kept while the server may die
  bool finished = false;
};

class ServerActor {
 public:
  ServerActor(ServerSlot& slot, const Mailboxes& boxes, const Topology& topology, std::int64_t rounds,
              RoundObserver& observer, NetworkAccounting& accounting, SimulationOutcome& outcome,
              std::optional<DeadlineSettings> deadline,  // set when faults are modeled
              ParallelSteps* steps_ahead = nullptr,       // fault-free runs on a thread pool
              TimelineLog* timeline = nullptr);           // run.timeline
  void operator()();

 private:
  void first_start();
  ServerSlot& slot_;
  const Mailboxes& boxes_;
  const Topology& topology_;
  std::int64_t rounds_;
  RoundObserver& observer_;
  NetworkAccounting& accounting_;
  SimulationOutcome& outcome_;
  std::optional<DeadlineSettings> deadline_;
  ParallelSteps* steps_ahead_;
  TimelineLog* timeline_;
};

}  // namespace marina

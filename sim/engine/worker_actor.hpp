// A worker actor: receive the downlink, step, pay for the computation on its host, send the
// uplink. Under faults it also honours the round's deadline and tells its method when an
// uplink was lost.
#pragma once

#include <cstdint>
#include <vector>

#include "methods/algorithms/parallel_steps.hpp"
#include "methods/algorithms/protocol.hpp"
#include "methods/common/types.hpp"
#include "sim/engine/timeline_log.hpp"

namespace simgrid::s4u {
class Link;
class Mailbox;
}  // namespace simgrid::s4u

namespace marina {

// What outlives the actor: SimGrid restarts a crashed actor from a copy of its functor, so
// the method's state and the random stream stay here (as if checkpointed to local disk).
struct WorkerSlot {
  int index = 0;
  WorkerLogic* logic = nullptr;
  Rng rng;
  simgrid::s4u::Mailbox* down = nullptr;
  simgrid::s4u::Mailbox* up = nullptr;
  bool faults = false;
  std::vector<simgrid::s4u::Link*> up_links;  // worker -> server, checked before each send under faults
  ParallelSteps* steps_ahead = nullptr;       // fault-free, threads > 1: steps begun at the round's plan
  TimelineLog* timeline = nullptr;            // run.timeline: its computations are recorded
};

class WorkerActor {
 public:
  explicit WorkerActor(WorkerSlot* slot) : slot_(slot) {}
  void operator()() const;

 private:
  void serve_fault_free() const;
  void serve_with_faults() const;
  WorkerSlot* slot_;
};

}  // namespace marina

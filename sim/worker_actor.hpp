// A worker actor: receive the downlink, step, pay for the computation on its host, send the
// uplink. Under faults it also honours the round's deadline, tells its method when an
// uplink was lost, and asks to rejoin after a crash or a long silence.
#pragma once

#include <cstdint>

#include "methods/algorithms/protocol.hpp"
#include "methods/common/types.hpp"
#include "sim/envelopes.hpp"

namespace simgrid::s4u {
class Mailbox;
}

namespace marina {

// What outlives the actor: SimGrid restarts a crashed actor from a copy of its functor, so
// the method's state and the random stream stay here (as if checkpointed to local disk).
struct WorkerSlot {
  int index = 0;
  WorkerLogic* logic = nullptr;
  Rng rng;
  simgrid::s4u::Mailbox* down = nullptr;
  simgrid::s4u::Mailbox* up = nullptr;
  // Faults only: where to ask to rejoin, and after how long without a downlink.
  simgrid::s4u::Mailbox* rejoin = nullptr;
  double silence_s = 0.0;  // 0: wait for downlinks without a timeout
  bool faults = false;
  int starts = 0;
  RejoinRequest rejoin_request;  // what a rejoin request points to: nothing changes hands
};

class WorkerActor {
 public:
  explicit WorkerActor(WorkerSlot* slot) : slot_(slot) {}
  void operator()() const;

 private:
  void serve_fault_free() const;
  void serve_with_faults() const;
  void ask_to_rejoin() const;
  WorkerSlot* slot_;
};

}  // namespace marina

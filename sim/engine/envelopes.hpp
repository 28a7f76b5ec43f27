// What travels through the SimGrid mailboxes: a pointer to the method's message (actors
// share one address space, so nothing is copied) and, declared separately, its simulated
// size: the exact encoded size in bits, rounded up to whole bytes.
//
// A payload belongs to the receiver once its transfer finished, and stays the sender's to
// free when the transfer failed, timed out or was cancelled (faults).
#pragma once

#include <cstdint>
#include <limits>

#include "methods/algorithms/message.hpp"

namespace simgrid::s4u {
class Mailbox;
}

namespace marina {

struct DownEnvelope {
  // What the worker is asked for: the round's step, or (after a server restart) the state
  // the server mirrors, which it sends without stepping (docs/faults.md "Server crashes").
  enum class Request { step, mirrored_state };

  DownlinkPtr downlink;
  // Simulated time by which the server must have the uplink; past it the worker does not
  // send. Infinite without faults.
  double deadline = std::numeric_limits<double>::infinity();
  Request request = Request::step;
  // A restarted server could not learn the worker's mirrored state: it forgets it first.
  bool forget_mirrored_state = false;
  // Where the server waits for the answer under faults (it changes when the server restarts);
  // null: the worker's own uplink mailbox.
  simgrid::s4u::Mailbox* reply_to = nullptr;
};

struct UpEnvelope {
  Uplink uplink;
  double compute_s = 0.0;  // simulated seconds the worker computed for it
  std::int64_t round = 0;  // the downlink's round, checked by the server under faults
  bool mirrored_state = false;  // the answer to Request::mirrored_state
};

constexpr std::uint64_t simulated_bytes(std::uint64_t bits) { return (bits + 7) / 8; }

}  // namespace marina

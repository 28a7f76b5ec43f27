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

namespace marina {

struct DownEnvelope {
  DownlinkPtr downlink;
  // Simulated time by which the server must have the uplink; past it the worker does not
  // send. Infinite without faults.
  double deadline = std::numeric_limits<double>::infinity();
};

struct UpEnvelope {
  Uplink uplink;
  double compute_s = 0.0;  // simulated seconds the worker computed for it
  std::int64_t round = 0;  // the downlink's round, checked by the server under faults
};

constexpr std::uint64_t simulated_bytes(std::uint64_t bits) { return (bits + 7) / 8; }

}  // namespace marina

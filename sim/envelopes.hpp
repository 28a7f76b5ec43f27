// What travels through the SimGrid mailboxes: a pointer to the method's message (actors
// share one address space, so nothing is copied) and, declared separately, its simulated
// size: the exact encoded size in bits, rounded up to whole bytes.
#pragma once

#include <cstdint>

#include "methods/algorithms/message.hpp"

namespace marina {

struct DownEnvelope {
  DownlinkPtr downlink;
};

struct UpEnvelope {
  Uplink uplink;
  double compute_s = 0.0;  // simulated seconds the worker computed for it
};

constexpr std::uint64_t simulated_bytes(std::uint64_t bits) { return (bits + 7) / 8; }

}  // namespace marina

// Runs a round's per-participant transfer work either in the calling actor or, above
// --cfg=marina/fan-out-above participants (default 64), in helper actors on the same host,
// 32 participants each, and returns when all are done. SimGrid 3.32 searches an actor's list
// of pending activities each time one of them ends, so one actor owning all 2n transfers of
// a round costs O(n^2) (docs/performance.md "Many workers"). Helpers start at the same
// simulated instant and only post and wait, so what is simulated does not change
// (tests/cli/test_fan_out.cpp).
#pragma once

#include <cstddef>
#include <functional>

namespace simgrid::s4u {
class Host;
}

namespace marina {

// work(from, to) handles participants [from, to); it may block on SimGrid activities.
void fan_out(simgrid::s4u::Host* host, std::size_t participants,
             const std::function<void(std::size_t from, std::size_t to)>& work);

}  // namespace marina

// The network switched off: the same method objects and random streams as the simulated
// run, driven by a plain loop. Tests use it to check the simulator changes nothing in the
// numerics; benchmarks use it to measure the simulator's overhead.
#pragma once

#include <cstdint>

#include "methods/algorithms/protocol.hpp"
#include "methods/algorithms/round_observer.hpp"

namespace marina {

// Runs rounds 0..rounds (x^0 .. x^rounds) unless the observer stops it; returns the last
// round completed. With threads > 1 a round's worker steps run on that many threads
// (methods/algorithms/parallel_steps.hpp); the results do not depend on it.
std::int64_t run_plain_loop(MethodInstance& method, std::int64_t rounds, std::uint64_t seed,
                            RoundObserver& observer, int threads = 1);

}  // namespace marina

// The delta downlink of the MARINA family (wire.downlink = "delta", issue 12).
//
// On a compressed round g^{k+1} = g^k + (1/n) sum_i Q_i(Delta_i^k) (Algorithm 1, line 9):
// every party already holds g^k, so the server may send only the aggregate
// A^k = (1/n) sum_i Q_i(Delta_i^k), sparse on the union of the messages' supports (at most
// n K entries with RandK), and every party rebuilds g^{k+1} = g^k + A^k itself. It sends
// g^{k+1} in full instead when that encoding is cheaper, and always on the coin's dense
// rounds. The method is unchanged; only the downlink's encoding differs.
//
// Exactness. Every party, the server included, holds the same "rebuilt" g and steps with it:
//  - a dense update replaces g by its decoded value (rounded to the wire precision);
//  - a sparse update adds its decoded values (rounded to the wire precision) at its indices.
// With the f64 wire nothing is rounded: the increment is exactly the mean the dense downlink
// adds, so the rebuilt g^{k+1} equals the dense downlink's g^{k+1} on the support, and off it
// differs at most in the sign of a zero (g_i + 0.0 vs g_i), which x - gamma g cannot see
// (x starts at +0 and a difference is -0 only when x is -0): the iterates are bit-identical.
// With f32/f16, the dense downlink rounds g^k + A^k as a whole, whereas the delta downlink
// rounds A^k and adds it in f64, so the two trajectories differ in rounding (both are
// MARINA); server and workers still hold the same bits, because they run the same code on
// the same decoded values.
#pragma once

#include <span>

#include "methods/algorithms/message.hpp"
#include "methods/compressors/wire_format.hpp"

namespace marina {

// The one bit that tells the receiver whether the direction is an increment or g itself.
inline constexpr std::uint64_t kDeltaEncodingFlagBits = 1;

// The update of a compressed round: the aggregate `mean` (the mean of the uplinks, zero off
// their supports) as a sparse increment on the union of the uplinks' supports, or
// held + mean in full, whichever encodes in fewer bits (ties: sparse).
Message compressed_round_update(const Vec& held, const Vec& mean, std::span<const Uplink> uplinks,
                                const WireFormat& wire);

// "g did not change" (no uplink arrived): a sparse update with no entry.
Message unchanged_update(Index dim, const WireFormat& wire);

// Folds an update into the holder's g: dense replaces, sparse adds, empty keeps.
void apply_update(const Message& update, Vec& g);

// The sorted union of the uplinks' supports (every index when one of them is dense).
std::vector<Index> union_of_supports(std::span<const Uplink> uplinks, Index dim);

}  // namespace marina

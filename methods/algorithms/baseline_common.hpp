// Plumbing the baseline methods (DCGD, VR-DIANA, EF21, DASHA) share: the downlink with the
// round's shared seed when the compressor is correlated, the minibatch size b', and the
// input checks that make a method "not applicable" to a compressor.
#pragma once

#include <cstdint>
#include <string>

#include "methods/algorithms/method_context.hpp"
#include "methods/algorithms/protocol.hpp"

namespace marina {

// Round k's downlink: g^{k-1} densely (when given), the coin with `coin_bits` of control,
// and, when `draw_seed`, a fresh 64-bit seed from the server's stream (+64 control bits)
// that every worker passes to a correlated compressor (PermK, paper-notes §4.5).
DownlinkPtr seeded_downlink(std::int64_t round, bool coin, std::uint64_t coin_bits, const Vec* direction,
                            const WireFormat& wire, bool draw_seed, Rng& rng);

// What a worker tells its compressor this round.
inline CompressionContext compression_context(const Downlink& downlink, int worker, int workers) {
  return CompressionContext{worker, workers, downlink.shared_seed};
}


// b' = spec.batch_size, or ceil(batch_fraction * m) as in the authors' code (paper-notes
// §5.1). InputError unless 1 <= b' <= m.
Index resolve_batch_size(const MethodSpec& spec, const DistributedObjective& objective);

// (1/n) sum_i L_i: a smoothness constant of f (paper-notes §1.2, L_f <= mean L_i <= L).
double mean_local_smoothness(const DistributedObjective& objective);

// p itself, or InputError unless 0 < p <= 1: checked before a theory step uses it.
double checked_probability(double p);

// InputError for methods whose analysis needs Q in U(omega) (TopK is contractive only).
void require_unbiased(const Compressor& compressor, const std::string& method);

}  // namespace marina

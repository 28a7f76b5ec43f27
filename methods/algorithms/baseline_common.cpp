#include "methods/algorithms/baseline_common.hpp"

#include <algorithm>
#include <cmath>

#include "methods/algorithms/minibatch_size.hpp"
#include "methods/common/input_error.hpp"
#include "methods/compressors/identity.hpp"

namespace marina {

namespace {
constexpr std::uint64_t kSeedBits = 64;
}

DownlinkPtr seeded_downlink(std::int64_t round, bool coin, std::uint64_t coin_bits, const Vec* direction,
                            const WireFormat& wire, bool draw_seed, Rng& rng) {
  auto d = std::make_shared<Downlink>();
  d->round = round;
  d->coin = coin;
  if (direction != nullptr) d->direction = encode_dense(*direction, wire);
  d->control_bits = coin_bits;
  if (draw_seed) {
    d->shared_seed = rng();  // the engine's raw 64-bit output: the same on every platform
    d->control_bits += kSeedBits;
  }
  return d;
}

Index resolve_batch_size(const MethodSpec& spec, const DistributedObjective& objective) {
  const Index m = objective.min_local_samples();
  const Index b = spec.batch_size > 0 ? spec.batch_size : ceil_fraction(spec.batch_fraction, m);
  if (b < 1 || b > m)
    throw InputError("", "minibatch size b' = " + std::to_string(b) +
                             " is out of range (expected 1 <= b' <= " + std::to_string(m) + " local samples)");
  return b;
}

double mean_local_smoothness(const DistributedObjective& objective) {
  double sum = 0.0;
  for (double l : objective.local_smoothness()) sum += l;
  return sum / static_cast<double>(objective.workers());
}

double checked_probability(double p) {
  if (!(p > 0.0 && p <= 1.0))
    throw InputError("", "method.p resolves to " + std::to_string(p) + " (expected 0 < p <= 1)");
  return p;
}

void require_unbiased(const Compressor& compressor, const std::string& method) {
  if (!compressor.unbiased())
    throw InputError("", method + " needs an unbiased compressor (Q in U(omega)); '" + compressor.name() +
                             "' is contractive only (use it with ef21)");
}

}  // namespace marina

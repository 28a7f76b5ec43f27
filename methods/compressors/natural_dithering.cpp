#include "methods/compressors/natural_dithering.hpp"

#include "methods/common/input_error.hpp"
#include "methods/compressors/compressor_registry.hpp"

#include <algorithm>
#include <boost/random/bernoulli_distribution.hpp>
#include <cassert>
#include <cmath>

#include "methods/compressors/random_dithering.hpp"

namespace marina {

NaturalDitheringCompressor::NaturalDitheringCompressor(Index dim, int levels, WireFormat wire)
    : dim_(dim), levels_(levels), wire_(wire) {
  assert(dim >= 1 && levels >= 1);
}

// paper-notes §4.3, [code] formula with r = min{p, 2} = 2: d^(1/r) = sqrt(d).
double NaturalDitheringCompressor::omega(Index d) const {
  const double ratio = std::sqrt(static_cast<double>(d)) / std::ldexp(1.0, levels_ - 1);
  return 1.0 / 8.0 + ratio * std::min(1.0, ratio);
}

Message NaturalDitheringCompressor::encode(const Vec& x, Rng& rng, const CompressionContext&) const {
  assert(x.size() == dim_);
  const auto d = static_cast<std::uint64_t>(dim_);
  const std::uint64_t level_bits = d * (1 + ceil_log2(static_cast<std::uint64_t>(levels_) + 1));
  const std::uint64_t bits = (wire_.paper_accounting ? 32 : wire_.value_bits()) + level_bits;

  const double norm = x.norm();
  const double r = wire_.round(norm);  // what the receiver decodes with
  Vec out = Vec::Zero(dim_);
  if (norm == 0.0 || r == 0.0) return Message::dense_vector(std::move(out), bits);

  const double ref = dithering_reference_norm(norm, r);
  const double lowest = std::ldexp(1.0, 1 - levels_);  // smallest non-zero level 2^(1-s)
  for (Index j = 0; j < dim_; ++j) {
    if (x[j] == 0.0) continue;
    const double y = std::abs(x[j]) / ref;
    double level = 1.0;  // y >= 1 only when r rounded below ||x||: clamp to the top level
    if (y < 1.0) {
      double lo = 0.0, hi = lowest;
      if (y >= lowest) {
        int e = 0;
        std::frexp(y, &e);  // 2^(e-1) <= y < 2^e, and e - 1 >= 1 - s
        lo = std::ldexp(1.0, e - 1);
        hi = 2.0 * lo;
      }
      boost::random::bernoulli_distribution<double> up((y - lo) / (hi - lo));
      level = (y != lo && up(rng)) ? hi : lo;
    }
    if (level != 0.0) out[j] = std::copysign(r * level, x[j]);
  }
  return Message::dense_vector(std::move(out), bits);
}

CompressorDescription describe_natural_dithering() {
  CompressorDescription c;
  c.name = "natural_dithering";
  c.title = "natural dithering";
  c.summary = "random dithering to s levels that are powers of two (paper-notes §4.4)";
  c.unbiased = true;
  c.reads = {{"compressor.levels", ""}};
  c.make = [](const CompressorSpec& spec, Index dim, const WireFormat& wire) -> std::unique_ptr<Compressor> {
    check_levels_in_range(spec);
    return std::make_unique<NaturalDitheringCompressor>(dim, spec.levels, wire);
  };
  return c;
}

}  // namespace marina

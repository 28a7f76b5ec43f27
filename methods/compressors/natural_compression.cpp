#include "methods/compressors/natural_compression.hpp"

#include "methods/common/input_error.hpp"
#include "methods/compressors/compressor_registry.hpp"

#include <boost/random/bernoulli_distribution.hpp>
#include <cmath>

namespace marina {

std::uint64_t natural_bits_per_value(const WireFormat& wire) {
  if (wire.paper_accounting) return 9;  // the authors' count (paper-notes §4.4)
  switch (wire.precision) {
    case Precision::f16:
      return 1 + 5;
    case Precision::f32:
      return 1 + 8;
    case Precision::f64:
      return 1 + 11;
  }
  return 1 + 11;
}

ExponentRange normal_exponents(Precision p) {
  switch (p) {
    case Precision::f16:
      return {-14, 15};
    case Precision::f32:
      return {-126, 127};
    case Precision::f64:
      return {-1022, 1023};
  }
  return {-1022, 1023};
}

Message NaturalCompressor::encode(const Vec& x, Rng& rng, const CompressionContext&) const {
  const ExponentRange range = normal_exponents(wire_.precision);
  const double smallest = std::ldexp(1.0, range.min), largest = std::ldexp(1.0, range.max);
  Vec out(x.size());
  for (Index j = 0; j < x.size(); ++j) {
    const double a = std::abs(x[j]);
    double rounded = a;  // zero and NaN pass through
    if (a >= largest) {
      rounded = largest;  // clamp, including +-inf
    } else if (a > 0.0 && a < smallest) {
      // Below the smallest normal power of two the neighbours are 0 and 2^min: round
      // randomly between them so the compressor stays unbiased (the omega = 1/8 bound holds
      // only inside the normal range; this matters for f16, whose range starts at 2^-14).
      boost::random::bernoulli_distribution<double> up(a / smallest);
      rounded = up(rng) ? smallest : 0.0;
    } else if (a > 0.0) {
      int e = 0;
      std::frexp(a, &e);  // a = m 2^e, m in [1/2, 1), so 2^(e-1) <= a < 2^e
      const double low = std::ldexp(1.0, e - 1);
      // P(up) = (a - 2^a')/2^a' (§4.4); a/low is in [1, 2), so the subtraction is exact.
      boost::random::bernoulli_distribution<double> up(a / low - 1.0);
      rounded = (a != low && up(rng)) ? 2.0 * low : low;  // 2 low <= largest: a < largest
    }
    out[j] = wire_.round(std::copysign(rounded, x[j]));
  }
  const std::uint64_t bits = static_cast<std::uint64_t>(x.size()) * natural_bits_per_value(wire_);
  return Message::dense_vector(std::move(out), bits);
}

CompressorDescription describe_natural() {
  CompressorDescription c;
  c.name = "natural";
  c.title = "natural compression";
  c.summary = "each value rounded randomly to a power of two (paper-notes §4.4)";
  c.unbiased = true;
  c.reads = {};
  c.make = [](const CompressorSpec&, Index, const WireFormat& wire) -> std::unique_ptr<Compressor> {
    return std::make_unique<NaturalCompressor>(wire);
  };
  return c;
}

}  // namespace marina

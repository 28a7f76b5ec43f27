// Natural compression C_nat (Horváth et al. 2019; paper-notes §4.4): every non-zero x_j is
// rounded randomly and unbiasedly to one of its two neighbouring powers of two, sign kept:
// for |x_j| in [2^a, 2^(a+1)) it goes up with probability (|x_j| - 2^a) / 2^a. Zeros stay
// zero. E[C(x)] = x and E||C(x) - x||^2 <= (1/8) ||x||^2 (omega = 1/8, reached at
// |x_j| = (4/3) 2^a); zeta = d.
//
// Only sign and exponent are sent: 1 + 5 = 6 bits per coordinate for f16, 1 + 8 = 9 for
// f32, 1 + 11 = 12 for f64 (zero has its own exponent code); the paper's accounting counts
// 9 per coordinate ([code]: 9/32 d floats). Values above the precision's normal exponent
// range are clamped to its largest normal power of two (f16 2^15, f32 2^127, f64 2^1023),
// and are then no longer unbiased. Values below the smallest normal power (f16 2^-14, f32
// 2^-126, f64 2^-1022) round randomly to 0 or that power, which stays unbiased but exceeds
// the omega = 1/8 variance bound; this matters for f16, where |x_j| < 6.1e-5 is common.
// NaN stays NaN.
#pragma once

#include <cstdint>

#include "methods/compressors/compressor.hpp"

namespace marina {

class NaturalCompressor final : public Compressor {
 public:
  explicit NaturalCompressor(WireFormat wire) : wire_(wire) {}
  std::string name() const override { return "natural"; }
  bool unbiased() const override { return true; }
  double omega(Index) const override { return 1.0 / 8.0; }
  double expected_density(Index d) const override { return static_cast<double>(d); }
  std::unique_ptr<Compressor> clone() const override { return std::make_unique<NaturalCompressor>(*this); }

 private:
  Message encode(const Vec& x, Rng& rng, const CompressionContext& ctx) const override;
  WireFormat wire_;
};

// Sign + exponent bits of one coordinate on this wire (9 under the paper's accounting).
std::uint64_t natural_bits_per_value(const WireFormat& wire);

// The normal exponent range [min, max] of the wire precision.
struct ExponentRange {
  int min = 0;
  int max = 0;
};
ExponentRange normal_exponents(Precision p);

struct CompressorDescription;
CompressorDescription describe_natural();

}  // namespace marina

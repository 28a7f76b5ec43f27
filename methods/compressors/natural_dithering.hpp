// Natural dithering (Horváth et al. 2019; paper-notes §4.3): random dithering of
// y_j = |x_j| / ||x||_2 on the geometric levels {0, 2^(1-s), 2^(2-s), ..., 1/2, 1} (s + 1
// levels). y_j is rounded randomly and unbiasedly between its two neighbouring levels
// lo <= y_j <= hi (up with probability (y_j - lo)/(hi - lo)), and the receiver decodes
// sign(x_j) r level_j with r the norm rounded to the wire precision (levels are drawn
// against r, as in random_dithering.hpp, so the decoded message is unbiased).
//   omega = 1/8 + (sqrt(d)/2^(s-1)) min{1, sqrt(d)/2^(s-1)}   ([code] formula, r = 2)
//   zeta  = d (sup over x: every coordinate of a dense x can be non-zero)
// Encoded size: the norm (value_bits) + d (1 + ceil(log2(s+1))) [sign + level index];
// under the paper's accounting 32 + d (1 + ceil(log2(s+1))). The message is dense.
#pragma once

#include "methods/compressors/compressor.hpp"

namespace marina {

class NaturalDitheringCompressor final : public Compressor {
 public:
  NaturalDitheringCompressor(Index dim, int levels, WireFormat wire);
  std::string name() const override { return "natural_dithering"; }
  bool unbiased() const override { return true; }
  double omega(Index d) const override;
  double expected_density(Index d) const override { return static_cast<double>(d); }
  std::unique_ptr<Compressor> clone() const override {
    return std::make_unique<NaturalDitheringCompressor>(dim_, levels_, wire_);
  }
  int levels() const { return levels_; }

 private:
  Message encode(const Vec& x, Rng& rng, const CompressionContext& ctx) const override;
  Index dim_;
  int levels_;
  WireFormat wire_;
};

struct CompressorDescription;
CompressorDescription describe_natural_dithering();

}  // namespace marina

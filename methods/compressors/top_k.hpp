// TopK (paper-notes §4.5): keep the K coordinates of largest |x_j|, unscaled. Ties go to
// the lower index, so the output is a deterministic function of x. It is contractive, not
// unbiased: ||C(x) - x||^2 <= (1 - K/d) ||x||^2, alpha = K/d, zeta = K. It belongs with
// EF21/EF, not MARINA; omega() is a quiet NaN because TopK is in no class U(omega).
// Its indices depend on the data, so they must be sent: IndexEncoding::none is invalid
// (make_compressor rejects it unless the paper's accounting makes indices free).
#pragma once

#include "methods/compressors/compressor.hpp"

namespace marina {

class TopKCompressor final : public Compressor {
 public:
  TopKCompressor(Index dim, Index k, WireFormat wire);
  std::string name() const override { return "top_k"; }
  bool unbiased() const override { return false; }
  // Not an unbiased compressor: no omega exists (NaN makes misuse visible in any formula).
  double omega(Index d) const override;
  double alpha(Index d) const override;
  double expected_density(Index d) const override;
  std::unique_ptr<Compressor> clone() const override { return std::make_unique<TopKCompressor>(dim_, k_, wire_); }
  Index k() const { return k_; }

 private:
  Message encode(const Vec& x, Rng& rng, const CompressionContext& ctx) const override;
  Index dim_;
  Index k_;
  WireFormat wire_;
};

struct CompressorDescription;
CompressorDescription describe_top_k();

}  // namespace marina

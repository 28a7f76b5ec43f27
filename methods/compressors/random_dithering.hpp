// Random dithering / QSGD with s levels (scenario name "qsgd"; paper-notes §4.3):
//   Q(x)_j = ||x||_2 sign(x_j) xi_j / s,  xi_j in {l, l+1},  l = floor(s |x_j| / ||x||_2),
//   P(xi_j = l+1) = s |x_j| / ||x||_2 - l,
// so E[Q(x)] = x. omega = min(d/s^2, sqrt(d)/s) (QSGD Lemma 3.1) and
// zeta = min(d, s(s + sqrt(d))) (expected non-zeros, QSGD Lemma 3.1).
//
// The receiver gets the norm rounded to the wire precision, r = round(||x||), and decodes
// sign * r * xi / s in double arithmetic; the levels are drawn against r itself (clamped to
// xi <= s), so the decoded message is unbiased for any precision, except that a norm that
// rounds to 0 (f16 underflow) sends zeros and one that overflows (f16, > 65504) sends +-inf
// for the non-zero levels so that divergence stays visible.
//
// Encoded size (exact accounting): the norm (value_bits), a 1-bit mode, and the cheaper of
//   (a) dense levels  d * (1 + ceil(log2(s+1)))           [sign + level 0..s per coordinate]
//   (b) sparse        ceil(log2(d+1)) [nnz] + nnz * (1 + ceil(log2 s)) + index_bits(d, nnz)
// with (a) on ties and whenever indices cannot be sent (IndexEncoding::none). x = 0 costs
// the norm only: a zero norm tells the receiver everything. The message is dense for (a)
// and sparse for (b). Paper accounting uses the authors' count 32 + d (1 + ceil(log2 s)).
#pragma once

#include <cstdint>

#include "methods/compressors/compressor.hpp"

namespace marina {

class RandomDitheringCompressor final : public Compressor {
 public:
  RandomDitheringCompressor(Index dim, int levels, WireFormat wire);
  std::string name() const override { return "qsgd"; }
  bool unbiased() const override { return true; }
  double omega(Index d) const override;
  double expected_density(Index d) const override;
  std::unique_ptr<Compressor> clone() const override {
    return std::make_unique<RandomDitheringCompressor>(dim_, levels_, wire_);
  }
  int levels() const { return levels_; }

 private:
  Message encode(const Vec& x, Rng& rng, const CompressionContext& ctx) const override;
  Index dim_;
  int levels_;
  WireFormat wire_;
};

// ceil(log2 v), and 0 for v <= 1 (a quantity with a single possible value costs nothing).
std::uint64_t ceil_log2(std::uint64_t v);

// The norm the levels are drawn against: the rounded norm r the receiver decodes with, or
// the exact norm when r overflowed (so that the non-zero levels decode to +-inf).
double dithering_reference_norm(double exact_norm, double rounded_norm);

struct CompressorDescription;
CompressorDescription describe_qsgd();

}  // namespace marina

// RandK: keep K coordinates chosen uniformly without replacement and scale them by d/K,
// Q(x) = (d/K) sum_{j in S} x_j e_j, so omega = d/K - 1 and zeta = K (paper-notes §4.2).
#pragma once

#include <vector>

#include "methods/compressors/compressor.hpp"

namespace marina {

class RandKCompressor final : public Compressor {
 public:
  RandKCompressor(Index dim, Index k, WireFormat wire);
  std::string name() const override { return "rand_k"; }
  bool unbiased() const override { return true; }
  double omega(Index d) const override;
  double expected_density(Index d) const override;
  std::unique_ptr<Compressor> clone() const override {
    return std::make_unique<RandKCompressor>(dim_, k_, wire_);
  }
  Index k() const { return k_; }

 private:
  Message encode(const Vec& x, Rng& rng, const CompressionContext& ctx) const override;
  Index dim_;
  Index k_;
  WireFormat wire_;
  mutable std::vector<char> chosen_;  // scratch for Floyd's sampling, all zero between calls
};

// A uniformly random k-subset of {0..d-1}, ascending. Floyd's algorithm: k draws, O(k)
// expected work with the marker array, and no std:: distributions.
std::vector<Index> sample_subset(Index d, Index k, Rng& rng, std::vector<char>& marker);

struct CompressorDescription;
CompressorDescription describe_rand_k();

}  // namespace marina

// The identity "compressor": sends every value (omega = 0, zeta = d).
#pragma once

#include "methods/compressors/compressor.hpp"

namespace marina {

class IdentityCompressor final : public Compressor {
 public:
  explicit IdentityCompressor(WireFormat wire) : wire_(wire) {}
  std::string name() const override { return "identity"; }
  bool unbiased() const override { return true; }
  double omega(Index) const override { return 0.0; }
  double expected_density(Index d) const override { return static_cast<double>(d); }
  std::unique_ptr<Compressor> clone() const override {
    return std::make_unique<IdentityCompressor>(*this);
  }

 private:
  Message encode(const Vec& x, Rng& rng, const CompressionContext& ctx) const override;
  WireFormat wire_;
};

// Encode a vector in full: the dense messages every method sends on its uncompressed rounds.
Message encode_dense(Vec v, const WireFormat& wire);

struct CompressorDescription;
CompressorDescription describe_identity();

}  // namespace marina

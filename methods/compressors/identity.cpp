#include "methods/compressors/identity.hpp"

#include "methods/common/input_error.hpp"
#include "methods/compressors/compressor_registry.hpp"

namespace marina {

Message encode_dense(Vec v, const WireFormat& wire) {
  wire.round_in_place(v);
  const std::uint64_t bits = wire.dense_bits(v.size());
  return Message::dense_vector(std::move(v), bits);
}

Message IdentityCompressor::encode(const Vec& x, Rng&, const CompressionContext&) const {
  return encode_dense(x, wire_);
}

CompressorDescription describe_identity() {
  CompressorDescription c;
  c.name = "identity";
  c.title = "Identity";
  c.summary = "sends x in full (omega = 0)";
  c.unbiased = true;
  c.reads = {};
  c.make = [](const CompressorSpec&, Index, const WireFormat& wire) -> std::unique_ptr<Compressor> {
    return std::make_unique<IdentityCompressor>(wire);
  };
  return c;
}

}  // namespace marina

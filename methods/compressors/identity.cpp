#include "methods/compressors/identity.hpp"

namespace marina {

Message encode_dense(Vec v, const WireFormat& wire) {
  wire.round_in_place(v);
  const std::uint64_t bits = wire.dense_bits(v.size());
  return Message::dense_vector(std::move(v), bits);
}

Message IdentityCompressor::encode(const Vec& x, Rng&, const CompressionContext&) const {
  return encode_dense(x, wire_);
}

}  // namespace marina

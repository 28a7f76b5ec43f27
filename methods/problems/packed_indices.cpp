#include "methods/problems/packed_indices.hpp"

#include <limits>

namespace marina {
namespace {

template <class I>
PackedIndices copy_as(const std::vector<std::int32_t>& indices) {
  return std::vector<I>(indices.begin(), indices.end());
}

}  // namespace

PackedIndices pack_indices(const std::vector<std::int32_t>& indices, std::int64_t largest) {
  if (largest <= std::numeric_limits<std::uint8_t>::max()) return copy_as<std::uint8_t>(indices);
  if (largest <= std::numeric_limits<std::uint16_t>::max()) return copy_as<std::uint16_t>(indices);
  return copy_as<std::uint32_t>(indices);
}

}  // namespace marina

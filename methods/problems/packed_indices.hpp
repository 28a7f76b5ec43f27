// The index arrays of a sparse shard (column indices of its rows, row indices of its
// columns) in the narrowest unsigned type that holds every index: 1 byte when the largest is
// below 256 (mushrooms, a9a and phishing have at most 125 columns), 2 below 65,536, else 4.
// The gather loops of shard_matrix.cpp read them eight at a time from 64-bit words, so that
// eight entries cost one or two loads of indices instead of eight, and the index stream is
// 4× or 2× smaller; on the four LIBSVM shards this cut a pass by 10–45% (docs/performance.md,
// "Gradient kernels"). Which indices are read, and in what order, does not change: results
// are the same bits whatever the width.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <variant>
#include <vector>

namespace marina {

using PackedIndices =
    std::variant<std::vector<std::uint8_t>, std::vector<std::uint16_t>, std::vector<std::uint32_t>>;

// `indices` (all in [0, largest]) copied into the narrowest type that holds `largest`.
PackedIndices pack_indices(const std::vector<std::int32_t>& indices, std::int64_t largest);

// The eight indices p[0..7] as 32-bit numbers. The shifts assume the bytes of a word in
// little-endian order, as on every x86-64.
static_assert(std::endian::native == std::endian::little, "packed indices are read as little-endian words");
template <class I>
inline __attribute__((always_inline)) void unpack8(const I* p, std::uint32_t out[8]) {
  if constexpr (sizeof(I) == 1) {
    std::uint64_t q;
    std::memcpy(&q, p, sizeof q);
    for (int i = 0; i < 8; ++i) out[i] = static_cast<std::uint32_t>((q >> (8 * i)) & 0xffu);
  } else if constexpr (sizeof(I) == 2) {
    std::uint64_t lo, hi;
    std::memcpy(&lo, p, sizeof lo);
    std::memcpy(&hi, p + 4, sizeof hi);
    for (int i = 0; i < 4; ++i) {
      out[i] = static_cast<std::uint32_t>((lo >> (16 * i)) & 0xffffu);
      out[4 + i] = static_cast<std::uint32_t>((hi >> (16 * i)) & 0xffffu);
    }
  } else {
    for (int i = 0; i < 8; ++i) out[i] = p[i];
  }
}

}  // namespace marina

// Independent, reproducible random streams: one per role and index, derived from the
// scenario seed through a fixed mixing function (DESIGN.md "Randomness").
#pragma once

#include <cstdint>

#include "methods/common/types.hpp"

namespace marina {

enum class StreamRole : std::uint64_t {
  server = 1,
  worker = 2,
  data = 3,      // synthetic data generation
  split = 4,     // shuffled sharding
  evaluation = 5,
  model_init = 6  // a neural model's initial point (NeuralInit::standard)
};

// SplitMix64 finaliser: a bijective, well-avalanching 64-bit mix.
constexpr std::uint64_t mix64(std::uint64_t z) {
  z += 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

constexpr std::uint64_t stream_seed(std::uint64_t seed, StreamRole role, std::uint64_t index) {
  return mix64(mix64(mix64(seed) ^ static_cast<std::uint64_t>(role)) ^ index);
}

inline Rng make_rng(std::uint64_t seed, StreamRole role, std::uint64_t index = 0) {
  return Rng(stream_seed(seed, role, index));
}

}  // namespace marina

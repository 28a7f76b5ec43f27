// Generated labelled images: uniform random pixel bytes and uniform labels, for tests,
// benchmarks and runs that need the shape of a real set without its files (issue 18: CI
// runs the paper's ResNet-18 configuration on generated 32x32 data).
#pragma once

#include <cstdint>

#include "methods/data/image_set.hpp"

namespace marina {

struct SyntheticImagesSpec {
  Index count = 256;
  int channels = 1;
  int height = 28;
  int width = 28;
  int classes = 10;
  std::uint64_t seed = 1;
};

// Pixels and labels from one StreamRole::data stream of the seed, pixels first; the same spec
// gives the same bytes on every machine.
ImageSet make_synthetic_images(const SyntheticImagesSpec& spec);

}  // namespace marina

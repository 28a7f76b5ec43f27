// Labelled images for the neural models (issue 18): MNIST / Fashion-MNIST (IDX files) and
// CIFAR-10 / CIFAR-100 (their binary files), or generated ones in tests.
//
// Pixels stay the bytes the files hold. The value a model sees is byte / 255 in float, the
// exact float torchvision's ToTensor() produces (it divides a float by 255, so pixel_value
// divides too rather than multiplying by 1/255, which can differ in the last bit). Keeping
// bytes costs a quarter of the memory of floats: CIFAR-100's 50,000 training images are
// 154 MB as bytes, 614 MB as floats, and every worker's shard is a copy.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "methods/common/types.hpp"

namespace marina {

struct ImageSet {
  Index count = 0;   // images
  int channels = 0;  // 1 (MNIST) or 3 (CIFAR, red, green, blue)
  int height = 0;
  int width = 0;
  // count images one after another, each channel-major (C, H, W), rows top to bottom,
  // pixels left to right: the layout of a torch tensor N x C x H x W.
  std::vector<std::uint8_t> pixels;
  std::vector<std::int32_t> labels;  // one per image, in [0, classes)
  int classes = 0;                   // what the format defines (10, 100, 20) or max label + 1
  std::string origin;                // file path(s), for messages

  Index pixels_per_image() const { return static_cast<Index>(channels) * height * width; }
  const std::uint8_t* image(Index i) const { return pixels.data() + i * pixels_per_image(); }
};

// What a model sees for a stored byte: torchvision's ToTensor(), byte / 255 in float.
inline float pixel_value(std::uint8_t byte) { return static_cast<float>(byte) / 255.0f; }

// The images at `rows`, in that order (a worker's shard, a test subset).
ImageSet select_images(const ImageSet& from, std::span<const Index> rows);

}  // namespace marina

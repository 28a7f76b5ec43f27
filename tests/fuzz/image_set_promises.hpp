// What the image readers (methods/data/idx.hpp, cifar.hpp) promise about a set they return;
// a fuzz target aborts when one is broken.
#pragma once

#include <cstdio>
#include <cstdlib>

#include "methods/data/image_set.hpp"

namespace marina::fuzzing {

[[noreturn]] inline void broken(const char* reader, const char* promise) {
  std::fprintf(stderr, "%s broke its promise: %s\n", reader, promise);
  std::abort();
}

inline void check_image_set(const ImageSet& s, const char* reader) {
  if (s.count < 1) broken(reader, "at least one image");
  if (s.channels < 1 || s.height < 1 || s.width < 1) broken(reader, "positive image shape");
  if (s.pixels.size() != static_cast<std::size_t>(s.count * s.pixels_per_image())) broken(reader, "count x C x H x W pixels");
  if (s.labels.size() != static_cast<std::size_t>(s.count)) broken(reader, "one label per image");
  if (s.classes < 1) broken(reader, "at least one class");
  for (auto y : s.labels)
    if (y < 0 || y >= s.classes) broken(reader, "labels in [0, classes)");
}

}  // namespace marina::fuzzing

#include "methods/data/image_set.hpp"

#include <algorithm>
#include <cassert>

namespace marina {

ImageSet select_images(const ImageSet& from, std::span<const Index> rows) {
  ImageSet out;
  out.count = static_cast<Index>(rows.size());
  out.channels = from.channels;
  out.height = from.height;
  out.width = from.width;
  out.classes = from.classes;
  out.origin = from.origin;
  const Index per = from.pixels_per_image();
  out.pixels.resize(static_cast<std::size_t>(out.count * per));
  out.labels.reserve(rows.size());
  for (std::size_t j = 0; j < rows.size(); ++j) {
    assert(rows[j] >= 0 && rows[j] < from.count);
    std::copy_n(from.image(rows[j]), per, out.pixels.data() + static_cast<Index>(j) * per);
    out.labels.push_back(from.labels[static_cast<std::size_t>(rows[j])]);
  }
  return out;
}

}  // namespace marina

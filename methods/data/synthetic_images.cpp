#include "methods/data/synthetic_images.hpp"

#include <boost/random/uniform_int_distribution.hpp>

#include "methods/common/rng.hpp"

namespace marina {
namespace {
// Stream index within StreamRole::data, apart from the linear generator's (one per group,
// counted from 0, and its shared stream).
constexpr std::uint64_t kImageStream = 0x696d616765ULL;  // "image"
}  // namespace

ImageSet make_synthetic_images(const SyntheticImagesSpec& spec) {
  Rng rng = make_rng(spec.seed, StreamRole::data, kImageStream);
  boost::random::uniform_int_distribution<int> byte(0, 255), label(0, spec.classes - 1);
  ImageSet s;
  s.count = spec.count;
  s.channels = spec.channels;
  s.height = spec.height;
  s.width = spec.width;
  s.classes = spec.classes;
  s.origin = "synthetic images (seed " + std::to_string(spec.seed) + ")";
  s.pixels.resize(static_cast<std::size_t>(s.count * s.pixels_per_image()));
  for (auto& p : s.pixels) p = static_cast<std::uint8_t>(byte(rng));
  s.labels.reserve(static_cast<std::size_t>(s.count));
  for (Index i = 0; i < s.count; ++i) s.labels.push_back(label(rng));
  return s;
}

}  // namespace marina

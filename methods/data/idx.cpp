#include "methods/data/idx.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <vector>

#include "methods/common/input_error.hpp"
#include "methods/data/byte_file.hpp"

namespace marina {
namespace {

// An image side beyond this is no image of this family: the IDX files hold 28 x 28.
constexpr std::uint32_t kMaxSide = 4096;
// 2^31 - 1 images: labels and rows are indexed with int elsewhere.
constexpr std::uint32_t kMaxCount = 0x7fffffffu;
constexpr std::uint8_t kUnsignedByte = 0x08;

std::uint32_t big_endian(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}

std::string hex(std::uint32_t v) {
  char text[11];
  std::snprintf(text, sizeof text, "0x%08x", v);
  return text;
}

// Reads the magic number and the dimensions; returns them, checked.
std::vector<std::uint32_t> read_header(ByteFile& file, std::uint8_t dims, const char* kind) {
  std::vector<std::uint8_t> bytes;
  file.read(4, bytes, "the IDX magic number");
  const std::uint32_t magic = big_endian(bytes.data());
  const std::uint32_t expected = (std::uint32_t{kUnsignedByte} << 8) | dims;
  if (magic != expected)
    throw InputError(file.path(), "wrong magic number " + hex(magic) + " for an IDX " + kind + " file (expected " +
                                      hex(expected) + ": unsigned bytes, " + std::to_string(dims) + " dimension" +
                                      (dims > 1 ? "s" : "") + ")");
  bytes.clear();
  file.read(4u * dims, bytes, "the IDX dimensions");
  std::vector<std::uint32_t> sizes;
  for (std::uint8_t d = 0; d < dims; ++d) sizes.push_back(big_endian(bytes.data() + 4 * d));
  if (sizes[0] == 0) throw InputError(file.path(), std::string("bad dimensions: the ") + kind + " file holds 0 items");
  if (sizes[0] > kMaxCount)
    throw InputError(file.path(), "bad dimensions: " + std::to_string(sizes[0]) + " items, more than " +
                                      std::to_string(kMaxCount));
  for (std::uint8_t d = 1; d < dims; ++d)
    if (sizes[d] == 0 || sizes[d] > kMaxSide)
      throw InputError(file.path(), "bad dimensions: image side " + std::to_string(sizes[d]) + " outside 1.." +
                                        std::to_string(kMaxSide));
  return sizes;
}

void expect_end(ByteFile& file, std::uint64_t declared) {
  if (!file.at_end())
    throw InputError(file.path(), "the file is longer than its header declares (" + std::to_string(declared) +
                                      " bytes): not an IDX file of this kind, or two files joined");
}

}  // namespace

ImageSet read_idx(const std::string& images_path, const std::string& labels_path) {
  ImageSet out;
  {
    ByteFile images(images_path);
    const auto sizes = read_header(images, 3, "images");
    out.count = sizes[0];
    out.channels = 1;
    out.height = static_cast<int>(sizes[1]);
    out.width = static_cast<int>(sizes[2]);
    const auto bytes = static_cast<std::size_t>(out.count * out.pixels_per_image());
    images.read(bytes, out.pixels, std::to_string(out.count) + " images of " + std::to_string(sizes[1]) + " x " +
                                       std::to_string(sizes[2]) + " pixels");
    expect_end(images, images.position());
  }
  ByteFile labels(labels_path);
  const auto sizes = read_header(labels, 1, "labels");
  if (sizes[0] != out.count)
    throw InputError(labels_path, "holds " + std::to_string(sizes[0]) + " labels but " + images_path + " holds " +
                                      std::to_string(out.count) + " images");
  std::vector<std::uint8_t> bytes;
  labels.read(sizes[0], bytes, std::to_string(sizes[0]) + " labels");
  expect_end(labels, labels.position());
  out.labels.assign(bytes.begin(), bytes.end());
  out.classes = *std::max_element(bytes.begin(), bytes.end()) + 1;
  out.origin = images_path;
  return out;
}

}  // namespace marina

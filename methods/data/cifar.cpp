#include "methods/data/cifar.hpp"

#include <cassert>
#include <cstdint>

#include "methods/common/input_error.hpp"
#include "methods/data/byte_file.hpp"

namespace marina {
namespace {

constexpr int kSide = 32;
constexpr int kChannels = 3;
constexpr std::size_t kPixels = std::size_t{kChannels} * kSide * kSide;  // 3072

std::size_t label_bytes(CifarKind kind) { return kind == CifarKind::cifar10 ? 1 : 2; }

const char* format_name(CifarKind kind) { return kind == CifarKind::cifar10 ? "CIFAR-10" : "CIFAR-100"; }

// Appends one file's records to `out`.
void read_file(const std::string& path, CifarKind kind, ImageSet& out) {
  ByteFile file(path);
  std::vector<std::uint8_t> bytes;
  file.read_rest(bytes);
  const std::size_t record = label_bytes(kind) + kPixels;
  if (bytes.empty()) throw InputError(path, std::string("empty file: no ") + format_name(kind) + " records");
  if (bytes.size() % record != 0)
    throw InputError(path, std::to_string(bytes.size()) + " bytes is not a whole number of " + format_name(kind) +
                               " records of " + std::to_string(record) + " bytes (truncated, or another format)");
  const std::size_t records = bytes.size() / record;
  // The label the model learns: CIFAR-10's only one, CIFAR-100's fine (second) or coarse (first).
  const std::size_t label_at = kind == CifarKind::cifar100 ? 1 : 0;
  const int classes = cifar_classes(kind);
  out.pixels.reserve(out.pixels.size() + records * kPixels);
  for (std::size_t r = 0; r < records; ++r) {
    const std::uint8_t* p = bytes.data() + r * record;
    if (kind != CifarKind::cifar10 && (p[0] >= 20 || p[1] >= 100))
      throw InputError(path, "record " + std::to_string(r) + ": labels " + std::to_string(p[0]) + " (coarse) and " +
                                 std::to_string(p[1]) + " (fine), expected below 20 and 100");
    if (p[label_at] >= classes)
      throw InputError(path, "record " + std::to_string(r) + ": label " + std::to_string(p[label_at]) +
                                 " beyond CIFAR-10's 10 classes");
    out.labels.push_back(p[label_at]);
    out.pixels.insert(out.pixels.end(), p + label_bytes(kind), p + record);
  }
  out.count += static_cast<Index>(records);
}

}  // namespace

int cifar_classes(CifarKind kind) {
  switch (kind) {
    case CifarKind::cifar10: return 10;
    case CifarKind::cifar100: return 100;
    case CifarKind::cifar100_coarse: return 20;
  }
  return 0;
}

ImageSet read_cifar(const std::vector<std::string>& files, CifarKind kind) {
  assert(!files.empty());
  ImageSet out;
  out.channels = kChannels;
  out.height = kSide;
  out.width = kSide;
  out.classes = cifar_classes(kind);
  for (const auto& f : files) {
    read_file(f, kind, out);
    out.origin += (out.origin.empty() ? "" : ", ") + f;
  }
  return out;
}

}  // namespace marina

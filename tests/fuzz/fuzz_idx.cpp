// libFuzzer target for the IDX reader (scripts/fuzz.sh builds and runs it). The input is two
// files: its first byte says where the images file ends (byte * size / 256 of the rest),
// the remainder is the labels file. Either may be gzip data. Any input must end in an
// ImageSet that keeps the reader's promises or in an InputError.
#include <cstdint>

#include "image_set_promises.hpp"
#include "memory_file.hpp"
#include "methods/common/input_error.hpp"
#include "methods/data/idx.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static marina::fuzzing::MemoryFile images, labels;
  if (size == 0) return 0;
  const std::size_t rest = size - 1;
  const std::size_t split = data[0] * rest / 256;
  images.fill(data + 1, split);
  labels.fill(data + 1 + split, rest - split);
  try {
    marina::fuzzing::check_image_set(marina::read_idx(images.path, labels.path), "read_idx");
  } catch (const marina::InputError&) {
    // Bad input, reported as such.
  }
  return 0;
}

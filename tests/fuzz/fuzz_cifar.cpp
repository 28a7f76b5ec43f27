// libFuzzer target for the CIFAR reader (scripts/fuzz.sh builds and runs it). The first byte
// picks the kind (CIFAR-10, CIFAR-100 fine, CIFAR-100 coarse); the rest is the file. Any input
// must end in an ImageSet that keeps the reader's promises or in an InputError.
#include <cstdint>

#include "image_set_promises.hpp"
#include "memory_file.hpp"
#include "methods/common/input_error.hpp"
#include "methods/data/cifar.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static marina::fuzzing::MemoryFile file;
  if (size == 0) return 0;
  const auto kind = static_cast<marina::CifarKind>(data[0] % 3);
  file.fill(data + 1, size - 1);
  try {
    const marina::ImageSet s = marina::read_cifar({file.path}, kind);
    marina::fuzzing::check_image_set(s, "read_cifar");
    if (s.channels != 3 || s.height != 32 || s.width != 32) marina::fuzzing::broken("read_cifar", "3 x 32 x 32 images");
    if (s.classes != marina::cifar_classes(kind)) marina::fuzzing::broken("read_cifar", "the kind's classes");
  } catch (const marina::InputError&) {
    // Bad input, reported as such.
  }
  return 0;
}

// libFuzzer target for the LIBSVM reader (scripts/fuzz.sh builds and runs it). Any byte string
// must end in a Dataset that keeps the reader's promises or in an InputError; a crash, another
// exception, a sanitizer report or a broken promise (checked below) is a bug.
#include <sys/mman.h>
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "methods/common/input_error.hpp"
#include "methods/data/libsvm.hpp"

namespace {

// The reader takes a path: an in-memory file reached through /proc keeps the disk out of the
// loop (tens of thousands of inputs a second).
struct MemoryFile {
  int fd = ::memfd_create("fuzz-libsvm", 0);
  std::string path = "/proc/self/fd/" + std::to_string(fd);

  void fill(const std::uint8_t* data, std::size_t size) {
    if (fd < 0 || ::ftruncate(fd, 0) != 0 || ::pwrite(fd, data, size, 0) != static_cast<ssize_t>(size)) {
      std::perror("fuzz_libsvm: cannot write the input file");
      std::abort();
    }
  }
};

[[noreturn]] void broken(const char* promise) {
  std::fprintf(stderr, "fuzz_libsvm: read_libsvm broke its promise: %s\n", promise);
  std::abort();
}

// What libsvm.hpp promises about a Dataset it returns.
void check(const marina::Dataset& d) {
  if (d.samples() < 1) broken("at least one sample");
  if (d.labels.size() != d.samples()) broken("one label per row");
  for (marina::Index r = 0; r < d.samples(); ++r)
    if (d.labels[r] != 1.0 && d.labels[r] != -1.0) broken("labels in {-1, +1}");
  if (!d.features.isCompressed()) broken("compressed storage");
  for (marina::Index r = 0; r < d.samples(); ++r) {
    marina::Index previous = -1;
    for (marina::SparseRows::InnerIterator it(d.features, r); it; ++it) {
      if (it.col() <= previous || it.col() >= d.dim()) broken("columns increase within [0, dim)");
      if (!std::isfinite(it.value()) || it.value() == 0.0) broken("stored values finite and nonzero");
      previous = it.col();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static MemoryFile file;
  file.fill(data, size);
  try {
    check(marina::read_libsvm(file.path));
  } catch (const marina::InputError&) {
    // Bad input, reported as such: the expected outcome for most inputs.
  }
  return 0;
}

// libFuzzer target for the LIBSVM reader (scripts/fuzz.sh builds and runs it). Any byte string
// must end in a Dataset that keeps the reader's promises or in an InputError; a crash, another
// exception, a sanitizer report or a broken promise (checked below) is a bug.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "memory_file.hpp"
#include "methods/common/input_error.hpp"
#include "methods/data/libsvm.hpp"

namespace {

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
  static marina::fuzzing::MemoryFile file;
  file.fill(data, size);
  try {
    check(marina::read_libsvm(file.path));
  } catch (const marina::InputError&) {
    // Bad input, reported as such: the expected outcome for most inputs.
  }
  return 0;
}

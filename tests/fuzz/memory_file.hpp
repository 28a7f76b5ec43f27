// An in-memory file reached through /proc, so that readers taking a path keep the disk out of
// the fuzzing loop (tens of thousands of inputs a second).
#pragma once

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace marina::fuzzing {

struct MemoryFile {
  int fd = ::memfd_create("fuzz-input", 0);
  std::string path = "/proc/self/fd/" + std::to_string(fd);

  void fill(const std::uint8_t* data, std::size_t size) {
    if (fd < 0 || ::ftruncate(fd, 0) != 0 || ::pwrite(fd, data, size, 0) != static_cast<ssize_t>(size)) {
      std::perror("fuzz: cannot write the input file");
      std::abort();
    }
  }
};

}  // namespace marina::fuzzing

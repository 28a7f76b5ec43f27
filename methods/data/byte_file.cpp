#include "methods/data/byte_file.hpp"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>

#include "methods/common/input_error.hpp"

namespace marina {
namespace {

gzFile as_gz(void* f) { return static_cast<gzFile>(f); }

// Reads larger than this are split: gzread takes an unsigned count, and a bounded step
// keeps a lying header from reserving memory the file cannot fill.
constexpr std::size_t kStep = std::size_t{1} << 24;

}  // namespace

ByteFile::ByteFile(std::string path) : path_(std::move(path)) {
  errno = 0;
  file_ = gzopen(path_.c_str(), "rb");
  if (file_ == nullptr) {
    const int e = errno;
    throw InputError(path_, std::string("cannot open file (") + (e != 0 ? std::strerror(e) : "out of memory") + ")");
  }
  gzbuffer(as_gz(file_), 1 << 17);
}

ByteFile::~ByteFile() {
  if (file_ != nullptr) gzclose_r(as_gz(file_));
}

std::size_t ByteFile::read_some(std::uint8_t* into, std::size_t count) {
  const int got = gzread(as_gz(file_), into, static_cast<unsigned>(std::min(count, kStep)));
  if (got < 0) {
    int code = 0;
    const char* message = gzerror(as_gz(file_), &code);
    // A directory opens but fails on the first read with Z_ERRNO.
    if (code == Z_ERRNO) throw InputError(path_, std::string("cannot read file (") + std::strerror(errno) + ")");
    throw InputError(path_, std::string("corrupt gzip data (") + message + ")");
  }
  if (got == 0) {
    // gzread reports a gzip stream that stops mid-way as a short read plus Z_BUF_ERROR.
    int code = 0;
    const char* message = gzerror(as_gz(file_), &code);
    if (code != Z_OK && code != Z_BUF_ERROR) throw InputError(path_, std::string("corrupt gzip data (") + message + ")");
  }
  position_ += static_cast<std::uint64_t>(got);
  return static_cast<std::size_t>(got);
}

void ByteFile::read(std::size_t count, std::vector<std::uint8_t>& out, const std::string& what) {
  const std::uint64_t start = position_;
  std::size_t done = 0;
  while (done < count) {
    const std::size_t step = std::min(count - done, kStep);
    const std::size_t old = out.size();
    out.resize(old + step);
    std::size_t filled = 0;
    while (filled < step) {
      const std::size_t got = read_some(out.data() + old + filled, step - filled);
      if (got == 0) {
        out.resize(old + filled);
        throw InputError(path_, "truncated: " + what + " needs " + std::to_string(count) + " bytes from byte " +
                                    std::to_string(start) + ", the file ends after " + std::to_string(position_));
      }
      filled += got;
    }
    done += step;
  }
}

void ByteFile::read_rest(std::vector<std::uint8_t>& out) {
  std::uint8_t buffer[1 << 14];
  for (;;) {
    const std::size_t got = read_some(buffer, sizeof buffer);
    if (got == 0) return;
    out.insert(out.end(), buffer, buffer + got);
  }
}

bool ByteFile::at_end() {
  std::uint8_t probe = 0;
  if (read_some(&probe, 1) == 0) return true;
  // One byte too many: the callers only ask to report it, never to read on.
  return false;
}

}  // namespace marina

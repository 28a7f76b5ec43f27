// Sequential reading of a data file that may be gzip-compressed (the MNIST family is
// distributed as .gz, Debian's dataset-fashion-mnist installs .gz files). zlib's gz* calls
// read a plain file unchanged, so one reader serves both.
//
// Reads are bounded by what the caller asks for: a header that declares 2^40 bytes of
// pixels in a 20-byte file fails at the end of the file, having allocated nothing large.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace marina {

class ByteFile {
 public:
  // Throws InputError(path, "cannot open file (...)").
  explicit ByteFile(std::string path);
  ~ByteFile();
  ByteFile(const ByteFile&) = delete;
  ByteFile& operator=(const ByteFile&) = delete;

  // Appends exactly `count` bytes to `out`, or throws InputError(path, "truncated: <what>
  // needs N bytes, the file ends after M") for a short plain file or gzip stream, or
  // InputError(path, "corrupt gzip data (...)").
  void read(std::size_t count, std::vector<std::uint8_t>& out, const std::string& what);
  // Appends whatever is left (it grows as bytes arrive, so only a real file fills it).
  void read_rest(std::vector<std::uint8_t>& out);
  // True when no byte is left.
  bool at_end();
  // Bytes read so far (of the uncompressed contents).
  std::uint64_t position() const { return position_; }
  const std::string& path() const { return path_; }

 private:
  std::size_t read_some(std::uint8_t* into, std::size_t count);  // 0 only at the end
  std::string path_;
  void* file_ = nullptr;  // gzFile, kept out of this header
  std::uint64_t position_ = 0;
};

}  // namespace marina

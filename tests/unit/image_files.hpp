// Small IDX and CIFAR files written by the tests (and the fuzz seeds' generator), plain or
// gzip-compressed, in a fresh temporary folder per test.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace marina::testing {

using Bytes = std::vector<std::uint8_t>;

inline void put_u32(Bytes& b, std::uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) b.push_back(static_cast<std::uint8_t>(v >> s));
}

// An IDX file of unsigned bytes: magic 0x0000 08 <dims>, the sizes, then `data`.
inline Bytes idx_bytes(const std::vector<std::uint32_t>& sizes, const Bytes& data) {
  Bytes b{0, 0, 0x08, static_cast<std::uint8_t>(sizes.size())};
  for (auto s : sizes) put_u32(b, s);
  b.insert(b.end(), data.begin(), data.end());
  return b;
}

// count images of h x w with pixel (i, r, c) = (i * 31 + r * 7 + c) mod 256.
inline Bytes idx_pixels(std::uint32_t count, std::uint32_t h, std::uint32_t w) {
  Bytes b;
  for (std::uint32_t i = 0; i < count; ++i)
    for (std::uint32_t r = 0; r < h; ++r)
      for (std::uint32_t c = 0; c < w; ++c) b.push_back(static_cast<std::uint8_t>((i * 31 + r * 7 + c) % 256));
  return b;
}

// A CIFAR record: label byte(s), then 3072 pixels whose value is (record + offset) mod 256.
inline Bytes cifar_record(const Bytes& labels, int record) {
  Bytes b = labels;
  for (int k = 0; k < 3072; ++k) b.push_back(static_cast<std::uint8_t>((record + k) % 256));
  return b;
}

class TempDir {
 public:
  TempDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = std::filesystem::temp_directory_path() /
            ("marina-" + std::string(info->test_suite_name()) + "-" + info->name() + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  const std::filesystem::path& path() const { return path_; }

  std::string write(const std::string& name, const Bytes& b) const {
    const std::string f = file(name);
    std::filesystem::create_directories(std::filesystem::path(f).parent_path());
    std::ofstream(f, std::ios::binary).write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
    return f;
  }
  std::string write_gz(const std::string& name, const Bytes& b) const {
    const std::string f = file(name);
    std::filesystem::create_directories(std::filesystem::path(f).parent_path());
    gzFile gz = gzopen(f.c_str(), "wb");
    gzwrite(gz, b.data(), static_cast<unsigned>(b.size()));
    gzclose(gz);
    return f;
  }

 private:
  std::filesystem::path path_;
};

}  // namespace marina::testing

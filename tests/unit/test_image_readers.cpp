// IDX (MNIST family) and CIFAR readers on small generated files, good and bad; where the named
// image data sets are looked for; Debian's Fashion-MNIST when installed.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "image_files.hpp"
#include "methods/common/input_error.hpp"
#include "methods/data/cifar.hpp"
#include "methods/data/idx.hpp"
#include "methods/data/image_data_files.hpp"

namespace marina {
namespace {

using testing::Bytes;
using testing::TempDir;

// The error of `read`, checked to be one line that starts with `file`.
template <class Read>
std::string error_of(Read read, const std::string& file) {
  try {
    read();
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_EQ(what.find('\n'), std::string::npos) << what;
    EXPECT_EQ(what.rfind(file + ": ", 0), 0u) << what;
    return what;
  }
  ADD_FAILURE() << "no InputError";
  return "";
}

struct IdxFiles {
  std::string images, labels;
};

IdxFiles write_idx(const TempDir& dir, bool gz, std::uint32_t count = 3, std::uint32_t h = 2, std::uint32_t w = 3) {
  const Bytes images = testing::idx_bytes({count, h, w}, testing::idx_pixels(count, h, w));
  Bytes label_bytes;
  for (std::uint32_t i = 0; i < count; ++i) label_bytes.push_back(static_cast<std::uint8_t>((i * 4) % 7));
  const Bytes labels = testing::idx_bytes({count}, label_bytes);
  if (gz) return {dir.write_gz("images.gz", images), dir.write_gz("labels.gz", labels)};
  return {dir.write("images", images), dir.write("labels", labels)};
}

TEST(ReadIdx, ReadsPixelsLabelsAndShape) {
  TempDir dir;
  const auto f = write_idx(dir, false);
  const ImageSet s = read_idx(f.images, f.labels);
  EXPECT_EQ(s.count, 3);
  EXPECT_EQ(s.channels, 1);
  EXPECT_EQ(s.height, 2);
  EXPECT_EQ(s.width, 3);
  EXPECT_EQ(s.pixels, testing::idx_pixels(3, 2, 3));
  EXPECT_EQ(s.labels, (std::vector<std::int32_t>{0, 4, 1}));
  EXPECT_EQ(s.classes, 5);  // largest label + 1
  EXPECT_EQ(s.origin, f.images);
  EXPECT_EQ(s.image(1)[0], 31);   // image 1, row 0, column 0
  EXPECT_EQ(s.image(2)[4], 70);   // image 2, row 1, column 1: 62 + 7 + 1
}

TEST(ReadIdx, GzipGivesTheSameSet) {
  TempDir dir;
  const auto plain = write_idx(dir, false);
  const auto gz = write_idx(dir, true);
  const ImageSet a = read_idx(plain.images, plain.labels);
  const ImageSet b = read_idx(gz.images, gz.labels);
  EXPECT_EQ(a.pixels, b.pixels);
  EXPECT_EQ(a.labels, b.labels);
  EXPECT_EQ(a.classes, b.classes);
}

TEST(ReadIdx, PixelValueIsToTensorsByteOver255) {
  EXPECT_EQ(pixel_value(0), 0.0f);
  EXPECT_EQ(pixel_value(255), 1.0f);
  EXPECT_EQ(pixel_value(51), 51.0f / 255.0f);
}

TEST(ReadIdx, WrongMagicNumbers) {
  TempDir dir;
  const auto good = write_idx(dir, false);
  // A labels file given as the images file, and the reverse.
  EXPECT_NE(error_of([&] { read_idx(good.labels, good.labels); }, good.labels)
                .find("wrong magic number 0x00000801 for an IDX images file (expected 0x00000803"),
            std::string::npos);
  EXPECT_NE(error_of([&] { read_idx(good.images, good.images); }, good.images).find("wrong magic number 0x00000803"),
            std::string::npos);
  // IDX floats (type 0x0D) are not images of bytes.
  Bytes floats = testing::idx_bytes({1, 1, 1}, {0, 0, 0, 0});
  floats[2] = 0x0D;
  const auto f = dir.write("floats", floats);
  EXPECT_NE(error_of([&] { read_idx(f, good.labels); }, f).find("wrong magic number 0x00000d03"), std::string::npos);
  const auto text = dir.write("text", Bytes{'h', 'e', 'l', 'l', 'o'});
  EXPECT_NE(error_of([&] { read_idx(text, good.labels); }, text).find("wrong magic number"), std::string::npos);
}

TEST(ReadIdx, TruncatedFiles) {
  TempDir dir;
  Bytes images = testing::idx_bytes({3, 2, 3}, testing::idx_pixels(3, 2, 3));
  images.pop_back();
  const auto labels = write_idx(dir, false).labels;
  const auto cut = dir.write("cut", images);
  EXPECT_NE(error_of([&] { read_idx(cut, labels); }, cut)
                .find("truncated: 3 images of 2 x 3 pixels needs 18 bytes from byte 16, the file ends after 33"),
            std::string::npos);
  const auto header_only = dir.write("header", Bytes{0, 0, 8, 3, 0, 0});
  EXPECT_NE(error_of([&] { read_idx(header_only, labels); }, header_only).find("truncated: the IDX dimensions"),
            std::string::npos);
  const auto empty = dir.write("empty", Bytes{});
  EXPECT_NE(error_of([&] { read_idx(empty, labels); }, empty).find("truncated: the IDX magic number"), std::string::npos);
}

TEST(ReadIdx, TruncatedGzipStream) {
  TempDir dir;
  const auto gz = write_idx(dir, true, 50, 20, 20);
  std::ifstream in(gz.images, std::ios::binary);
  Bytes all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  all.resize(all.size() / 2);
  const auto cut = dir.write("cut.gz", all);
  const std::string what = error_of([&] { read_idx(cut, gz.labels); }, cut);
  EXPECT_TRUE(what.find("truncated") != std::string::npos || what.find("corrupt gzip") != std::string::npos) << what;
}

TEST(ReadIdx, CountMismatchNamesBothFiles) {
  TempDir dir;
  const auto images = write_idx(dir, false, 3).images;
  const auto labels = dir.write("two-labels", testing::idx_bytes({2}, {1, 2}));
  EXPECT_NE(error_of([&] { read_idx(images, labels); }, labels).find("holds 2 labels but " + images + " holds 3 images"),
            std::string::npos);
}

TEST(ReadIdx, BadDimensions) {
  TempDir dir;
  const auto labels = write_idx(dir, false).labels;
  const auto none = dir.write("none", testing::idx_bytes({0, 2, 2}, {}));
  EXPECT_NE(error_of([&] { read_idx(none, labels); }, none).find("bad dimensions: the images file holds 0 items"),
            std::string::npos);
  const auto flat = dir.write("flat", testing::idx_bytes({1, 0, 2}, {}));
  EXPECT_NE(error_of([&] { read_idx(flat, labels); }, flat).find("bad dimensions: image side 0"), std::string::npos);
  const auto huge = dir.write("huge", testing::idx_bytes({1, 100000, 2}, {}));
  EXPECT_NE(error_of([&] { read_idx(huge, labels); }, huge).find("bad dimensions: image side 100000"),
            std::string::npos);
}

TEST(ReadIdx, BytesAfterTheDeclaredContents) {
  TempDir dir;
  Bytes images = testing::idx_bytes({3, 2, 3}, testing::idx_pixels(3, 2, 3));
  images.push_back(0);
  const auto labels = write_idx(dir, false).labels;
  const auto longer = dir.write("longer", images);
  EXPECT_NE(error_of([&] { read_idx(longer, labels); }, longer).find("longer than its header declares"),
            std::string::npos);
}

TEST(ReadIdx, MissingFile) {
  TempDir dir;
  const auto labels = write_idx(dir, false).labels;
  const auto missing = dir.file("missing");
  EXPECT_NE(error_of([&] { read_idx(missing, labels); }, missing).find("cannot open file"), std::string::npos);
}

TEST(ReadCifar, Cifar10RecordsAcrossFiles) {
  TempDir dir;
  Bytes first = testing::cifar_record({3}, 0);
  const Bytes second = testing::cifar_record({9}, 1);
  first.insert(first.end(), second.begin(), second.end());
  const auto a = dir.write("data_batch_1.bin", first);
  const auto b = dir.write("data_batch_2.bin", testing::cifar_record({0}, 2));
  const ImageSet s = read_cifar({a, b}, CifarKind::cifar10);
  EXPECT_EQ(s.count, 3);
  EXPECT_EQ(s.channels, 3);
  EXPECT_EQ(s.height, 32);
  EXPECT_EQ(s.width, 32);
  EXPECT_EQ(s.classes, 10);
  EXPECT_EQ(s.labels, (std::vector<std::int32_t>{3, 9, 0}));
  // Channel-major as stored: image 1's green channel starts 1024 bytes in.
  EXPECT_EQ(s.image(1)[0], 1);
  EXPECT_EQ(s.image(1)[1024], (1 + 1024) % 256);
  EXPECT_EQ(s.image(2)[3071], (2 + 3071) % 256);
  EXPECT_EQ(s.origin, a + ", " + b);
}

TEST(ReadCifar, Cifar100FineAndCoarseLabels) {
  TempDir dir;
  Bytes records = testing::cifar_record({19, 99}, 0);
  const Bytes second = testing::cifar_record({4, 30}, 1);
  records.insert(records.end(), second.begin(), second.end());
  const auto f = dir.write("train.bin", records);
  const ImageSet fine = read_cifar({f}, CifarKind::cifar100);
  EXPECT_EQ(fine.labels, (std::vector<std::int32_t>{99, 30}));
  EXPECT_EQ(fine.classes, 100);
  const ImageSet coarse = read_cifar({f}, CifarKind::cifar100_coarse);
  EXPECT_EQ(coarse.labels, (std::vector<std::int32_t>{19, 4}));
  EXPECT_EQ(coarse.classes, 20);
  EXPECT_EQ(fine.pixels, coarse.pixels);
  EXPECT_EQ(fine.image(1)[5], 6);
}

TEST(ReadCifar, SizeNotAWholeNumberOfRecords) {
  TempDir dir;
  Bytes records = testing::cifar_record({1}, 0);
  records.pop_back();
  const auto cut = dir.write("cut.bin", records);
  EXPECT_NE(error_of([&] { read_cifar({cut}, CifarKind::cifar10); }, cut)
                .find("3072 bytes is not a whole number of CIFAR-10 records of 3073 bytes"),
            std::string::npos);
  // A CIFAR-100 file read as CIFAR-10: 3074 bytes.
  const auto other = dir.write("other.bin", testing::cifar_record({1, 2}, 0));
  EXPECT_NE(error_of([&] { read_cifar({other}, CifarKind::cifar10); }, other).find("not a whole number"),
            std::string::npos);
  const auto empty = dir.write("empty.bin", Bytes{});
  EXPECT_NE(error_of([&] { read_cifar({empty}, CifarKind::cifar100); }, empty).find("empty file"), std::string::npos);
}

TEST(ReadCifar, LabelsBeyondTheClasses) {
  TempDir dir;
  Bytes records = testing::cifar_record({2}, 0);
  const Bytes bad = testing::cifar_record({10}, 1);
  records.insert(records.end(), bad.begin(), bad.end());
  const auto f = dir.write("bad10.bin", records);
  EXPECT_NE(error_of([&] { read_cifar({f}, CifarKind::cifar10); }, f).find("record 1: label 10 beyond CIFAR-10's 10 classes"),
            std::string::npos);
  const auto g = dir.write("bad100.bin", testing::cifar_record({20, 5}, 0));
  EXPECT_NE(error_of([&] { read_cifar({g}, CifarKind::cifar100); }, g).find("record 0: labels 20 (coarse) and 5 (fine)"),
            std::string::npos);
}

TEST(ImageDataFiles, FoundUnderARootInTheDownloadLayout) {
  TempDir dir;
  const Bytes images = testing::idx_bytes({3, 2, 3}, testing::idx_pixels(3, 2, 3));
  const Bytes labels = testing::idx_bytes({3}, {0, 1, 2});
  dir.write_gz("mnist/t10k-images-idx3-ubyte.gz", images);
  dir.write_gz("mnist/t10k-labels-idx1-ubyte.gz", labels);
  const auto found = find_image_dataset("mnist", ImageSplit::test, {dir.file("elsewhere"), dir.path().string()});
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->files[0], dir.file("mnist/t10k-images-idx3-ubyte.gz"));
  EXPECT_EQ(read_image_dataset(*found).count, 3);
  EXPECT_FALSE(find_image_dataset("mnist", ImageSplit::train, {dir.path().string()}).has_value());

  dir.write("cifar-100-binary/test.bin", testing::cifar_record({1, 7}, 0));
  const auto cifar = find_image_dataset("cifar-100", ImageSplit::test, {dir.path().string()});
  ASSERT_TRUE(cifar.has_value());
  EXPECT_EQ(read_image_dataset(*cifar).labels, (std::vector<std::int32_t>{7}));
  EXPECT_EQ(read_image_dataset(ImageDataFiles{"cifar-100-coarse", cifar->files}).labels, (std::vector<std::int32_t>{1}));
}

TEST(ImageDataFiles, CandidatesInSearchOrderWithDebiansFashionMnistLast) {
  const auto c = image_dataset_candidates("fashion-mnist", ImageSplit::train, {"/a"});
  ASSERT_EQ(c.size(), 4u);
  EXPECT_EQ(c[0].files, (std::vector<std::string>{"/a/fashion-mnist/train-images-idx3-ubyte",
                                                   "/a/fashion-mnist/train-labels-idx1-ubyte"}));
  EXPECT_EQ(c[1].files[0], "/a/fashion-mnist/train-images-idx3-ubyte.gz");
  EXPECT_EQ(c[3].files[1], std::string(kDebianFashionMnistDir) + "/train-labels-idx1-ubyte.gz");
  const auto cifar10 = image_dataset_candidates("cifar-10", ImageSplit::train, {"/d"});
  ASSERT_EQ(cifar10.size(), 1u);
  ASSERT_EQ(cifar10[0].files.size(), 5u);
  EXPECT_EQ(cifar10[0].files[4], "/d/cifar-10-batches-bin/data_batch_5.bin");
}

// scripts/install-deps.sh installs Debian's dataset-fashion-mnist; found with no root at all.
TEST(ImageDataFiles, DebiansFashionMnist) {
  const auto test = find_image_dataset("fashion-mnist", ImageSplit::test, {});
  if (!test) GTEST_SKIP() << "dataset-fashion-mnist is not installed";
  const ImageSet s = read_image_dataset(*test);
  EXPECT_EQ(s.count, 10000);
  EXPECT_EQ(s.height, 28);
  EXPECT_EQ(s.width, 28);
  EXPECT_EQ(s.classes, 10);
  std::vector<int> per_class(10);
  for (auto y : s.labels) ++per_class[static_cast<std::size_t>(y)];
  for (int n : per_class) EXPECT_EQ(n, 1000);  // Fashion-MNIST's test set is balanced
}

}  // namespace
}  // namespace marina

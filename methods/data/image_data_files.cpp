#include "methods/data/image_data_files.hpp"

#include <algorithm>
#include <cassert>
#include <filesystem>

#include "methods/data/cifar.hpp"
#include "methods/data/idx.hpp"

namespace fs = std::filesystem;

namespace marina {
namespace {

bool is_idx(const std::string& name) { return name == "mnist" || name == "fashion-mnist"; }

// File names inside the data set's folder, before any .gz.
std::vector<std::string> file_names(const std::string& name, ImageSplit split) {
  const bool train = split == ImageSplit::train;
  if (is_idx(name)) {
    const std::string prefix = train ? "train" : "t10k";
    return {prefix + "-images-idx3-ubyte", prefix + "-labels-idx1-ubyte"};
  }
  if (name == "cifar-10") {
    if (!train) return {"test_batch.bin"};
    std::vector<std::string> out;
    for (int b = 1; b <= 5; ++b) out.push_back("data_batch_" + std::to_string(b) + ".bin");
    return out;
  }
  return {train ? "train.bin" : "test.bin"};  // cifar-100, cifar-100-coarse
}

std::string folder(const std::string& name) {
  if (name == "cifar-10") return "cifar-10-batches-bin";
  if (name == "cifar-100" || name == "cifar-100-coarse") return "cifar-100-binary";
  return name;
}

ImageDataFiles in_dir(const std::string& name, const fs::path& dir, const std::vector<std::string>& names,
                      const char* suffix) {
  ImageDataFiles c{name, {}};
  for (const auto& f : names) c.files.push_back((dir / (f + suffix)).lexically_normal().string());
  return c;
}

}  // namespace

std::vector<std::string> image_dataset_names() {
  return {"mnist", "fashion-mnist", "cifar-10", "cifar-100", "cifar-100-coarse"};
}

bool is_image_dataset_name(const std::string& name) {
  const auto names = image_dataset_names();
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::vector<ImageDataFiles> image_dataset_candidates(const std::string& name, ImageSplit split,
                                                     const std::vector<std::string>& roots) {
  assert(is_image_dataset_name(name));
  const auto names = file_names(name, split);
  std::vector<fs::path> dirs;
  for (const auto& r : roots) dirs.push_back(fs::path(r) / folder(name));
  if (name == "fashion-mnist") dirs.emplace_back(kDebianFashionMnistDir);
  std::vector<ImageDataFiles> out;
  for (const auto& dir : dirs) {
    out.push_back(in_dir(name, dir, names, ""));
    if (is_idx(name)) out.push_back(in_dir(name, dir, names, ".gz"));
  }
  return out;
}

std::optional<ImageDataFiles> find_image_dataset(const std::string& name, ImageSplit split,
                                                 const std::vector<std::string>& roots) {
  for (auto& c : image_dataset_candidates(name, split, roots)) {
    std::error_code ec;
    if (std::all_of(c.files.begin(), c.files.end(), [&](const std::string& f) { return fs::is_regular_file(f, ec); }))
      return c;
  }
  return std::nullopt;
}

ImageSet read_image_dataset(const ImageDataFiles& files) {
  if (is_idx(files.name)) {
    assert(files.files.size() == 2);
    return read_idx(files.files[0], files.files[1]);
  }
  const CifarKind kind = files.name == "cifar-10"    ? CifarKind::cifar10
                         : files.name == "cifar-100" ? CifarKind::cifar100
                                                     : CifarKind::cifar100_coarse;
  return read_cifar(files.files, kind);
}

}  // namespace marina

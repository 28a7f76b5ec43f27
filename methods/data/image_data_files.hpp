// Where the named image data sets live on disk (issue 18 "found with no configuration"):
// the file layout each one has once unpacked, under the folders a caller searches, and
// Debian's dataset-fashion-mnist package, which installs
//   /usr/share/datasets/fashion-mnist/{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz
//
// Under a search root R (scripts/download-datasets.sh fills one, see there):
//   mnist          R/mnist/{train,t10k}-{images-idx3,labels-idx1}-ubyte[.gz]
//   fashion-mnist  R/fashion-mnist/ (same names)
//   cifar-10       R/cifar-10-batches-bin/data_batch_{1..5}.bin, test_batch.bin
//   cifar-100      R/cifar-100-binary/train.bin, test.bin (fine labels; cifar-100-coarse: the 20 superclasses)
// (the folders the official tarballs unpack to).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "methods/data/image_set.hpp"

namespace marina {

enum class ImageSplit { train, test };

struct ImageDataFiles {
  std::string name;                // one of image_dataset_names()
  std::vector<std::string> files;  // IDX: images then labels; CIFAR: the record files in order
};

// Debian's install folder for dataset-fashion-mnist.
inline constexpr const char* kDebianFashionMnistDir = "/usr/share/datasets/fashion-mnist";

std::vector<std::string> image_dataset_names();  // mnist, fashion-mnist, cifar-10, cifar-100, cifar-100-coarse
bool is_image_dataset_name(const std::string& name);

// Every place the split may be, in search order: under each root, then (fashion-mnist) the
// Debian package's folder. IDX sets list the uncompressed files before the .gz ones.
std::vector<ImageDataFiles> image_dataset_candidates(const std::string& name, ImageSplit split,
                                                     const std::vector<std::string>& roots);
// The first candidate whose files all exist.
std::optional<ImageDataFiles> find_image_dataset(const std::string& name, ImageSplit split,
                                                 const std::vector<std::string>& roots);
// Reads the files with the reader their format needs.
ImageSet read_image_dataset(const ImageDataFiles& files);

}  // namespace marina

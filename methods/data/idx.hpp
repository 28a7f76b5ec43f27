// Reader for the IDX format of MNIST and Fashion-MNIST (yann.lecun.com/exdb/mnist): an images
// file (idx3-ubyte: magic 0x00000803, then count, rows, columns as big-endian uint32, then
// count x rows x columns bytes) and a labels file (idx1-ubyte: magic 0x00000801, count, then
// one byte per image). Either file may be gzip-compressed (.gz) or not.
#pragma once

#include <string>

#include "methods/data/image_set.hpp"

namespace marina {

// One channel; classes = largest label + 1 (10 for MNIST and Fashion-MNIST).
// Refused with InputError naming the file, in one line: a file that cannot be opened, a wrong
// magic number (not IDX, not unsigned bytes, wrong number of dimensions), a zero or
// oversized dimension, a truncated file, bytes after the declared contents, corrupt gzip
// data, and images and labels files that hold different counts.
ImageSet read_idx(const std::string& images_path, const std::string& labels_path);

}  // namespace marina

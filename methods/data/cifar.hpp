// Reader for the binary versions of CIFAR-10 and CIFAR-100 (www.cs.toronto.edu/~kriz/cifar.html).
// A file is a sequence of records, no header:
//   CIFAR-10:  1 label byte (0..9), then 3072 pixel bytes;
//   CIFAR-100: 1 coarse label byte (0..19), 1 fine label byte (0..99), then 3072 pixel bytes.
// The pixels are 32 x 32, channel-major: 1024 red, 1024 green, 1024 blue, each row-major.
// CIFAR-10's training set is five files (data_batch_1.bin .. data_batch_5.bin), CIFAR-100's
// one (train.bin); the test sets are test_batch.bin and test.bin.
#pragma once

#include <string>
#include <vector>

#include "methods/data/image_set.hpp"

namespace marina {

enum class CifarKind {
  cifar10,          // 10 classes
  cifar100,         // CIFAR-100's fine labels, 100 classes (the paper's §5.2 task)
  cifar100_coarse,  // CIFAR-100's 20 superclasses
};

// The files' records one after another (3 x 32 x 32 images). Refused with InputError naming
// the file, in one line: a file that cannot be opened, an empty file, a size that is not a
// whole number of records (truncated, or the other CIFAR's format), a label beyond the
// kind's classes (with the record's number), corrupt gzip data.
ImageSet read_cifar(const std::vector<std::string>& files, CifarKind kind);

int cifar_classes(CifarKind kind);

}  // namespace marina

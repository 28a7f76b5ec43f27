// Reader for LIBSVM / svmlight text files, the format of the paper's data sets.
#pragma once

#include <string>

#include "methods/data/dataset.hpp"

namespace marina {

// Reads `label idx:val idx:val ...` lines into a Dataset.
//  - Labels must form one of the binary pairs found in LIBSVM files, {-1, +1}, {0, 1} or
//    {1, 2}; the smaller maps to -1 and the larger to +1. A file holding a single label is
//    accepted when that label belongs to one of the pairs (label <= 0 -> -1, else +1).
//  - Indices are 1-based and strictly increasing within a line; index j is column j-1, and
//    dim() is the largest index seen. Explicitly written zero values are not stored.
//  - Blank lines, trailing whitespace, CR line ends, a missing final newline and `# ...`
//    comments are accepted; a line holding only a label is an all-zero row.
// Every problem with the file throws InputError(path, line, message); line 0 when the
// problem concerns the whole file (cannot open it, no samples).
Dataset read_libsvm(const std::string& path);

}  // namespace marina

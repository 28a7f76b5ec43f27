// A binary-classification data set: sparse feature rows and labels in {-1, +1}.
#pragma once

#include <string>

#include "methods/common/types.hpp"

namespace marina {

struct Dataset {
  SparseRows features;  // one sample per row
  Vec labels;           // y_j in {-1, +1}
  std::string origin;   // file path or a description of the generator, for messages

  Index samples() const { return features.rows(); }
  Index dim() const { return features.cols(); }
};

}  // namespace marina

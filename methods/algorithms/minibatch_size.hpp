// How many samples a fraction of a shard is: ceil(fraction * m), at least 1. The product is
// rounded in binary (0.01 is not exact), so a relative slack keeps e.g. 0.01 * 1700 at 17
// rather than 18. Shared by every method with minibatches, so they all pick the same b'.
#pragma once

#include <algorithm>
#include <cmath>

#include "methods/common/types.hpp"

namespace marina {

inline Index ceil_fraction(double fraction, Index m) {
  const double raw = fraction * static_cast<double>(m);
  return std::max<Index>(1, static_cast<Index>(std::ceil(raw * (1.0 - 1e-12))));
}

}  // namespace marina

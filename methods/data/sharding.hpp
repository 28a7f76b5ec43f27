// Turning one data set into the local data sets f_i of n workers.
#pragma once

#include <cstdint>
#include <vector>

#include "methods/data/dataset.hpp"

namespace marina {

// Prepends a column of ones (column 0), so dim() grows by 1: the paper's include_bias=True,
// which makes its D = max feature index + 1.
Dataset with_bias_column(const Dataset& data);

enum class SplitMode {
  contiguous,  // file order, as the paper does: heterogeneity is whatever that order induces
  shuffled     // a seeded random permutation first, for roughly identical local distributions
};

// Worker i gets rows [i*q, (i+1)*q) of the (possibly permuted) data, q = floor(N/workers);
// the trailing N mod workers rows are dropped, as in the paper (mushrooms, 5 workers: 1624
// rows each, 4 dropped). Every shard keeps the full dim(). `seed` only matters for
// SplitMode::shuffled (stream StreamRole::split). Throws InputError naming split.workers
// unless 1 <= workers <= N.
std::vector<Dataset> shard(const Dataset& data, int workers, SplitMode mode, std::uint64_t seed);

}  // namespace marina

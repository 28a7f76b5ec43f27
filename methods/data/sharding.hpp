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

struct ShardPlan {
  int workers = 1;
  SplitMode mode = SplitMode::contiguous;
  std::uint64_t seed = 0;  // only for SplitMode::shuffled (stream StreamRole::split)
  // 0: every worker gets q = floor(N/workers) rows and the trailing N mod workers are dropped,
  // as in the paper's LIBSVM experiments (mushrooms, 5 workers: 1624 rows each, 4 dropped).
  // b > 0: the first workers get b * ceil(N / (workers b)) rows each and the last what is left,
  // as the paper's ResNet-18 experiment (paper-notes §5.2: b = 128, 50,000 images, 5 workers:
  // 4 x 10,112 and 1 x 9,552).
  Index multiple = 0;
};

// The rows of each worker's shard, in order, out of N rows. Throws InputError naming
// split.workers unless 1 <= workers <= N (and, with a multiple, unless every worker gets a row).
std::vector<std::vector<Index>> shard_rows(Index rows, const ShardPlan& plan);

// Worker i gets the rows shard_rows gives it. Every shard keeps the full dim().
std::vector<Dataset> shard(const Dataset& data, const ShardPlan& plan);
inline std::vector<Dataset> shard(const Dataset& data, int workers, SplitMode mode, std::uint64_t seed) {
  return shard(data, ShardPlan{workers, mode, seed, 0});
}

}  // namespace marina

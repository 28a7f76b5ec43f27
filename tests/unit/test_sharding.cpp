// Bias column and sharding: sizes, the dropped remainder, shuffles that are permutations,
// determinism by seed.
#include <gtest/gtest.h>

#include <algorithm>

#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "methods/common/input_error.hpp"
#include "methods/data/libsvm.hpp"
#include "methods/data/sharding.hpp"

#ifndef MARINA_SOURCE_DIR
#define MARINA_SOURCE_DIR "/work/main"
#endif

namespace marina {
namespace {

std::string datasets_dir() {
  if (const char* dir = std::getenv("MARINA_DATA_DIR")) return dir;
  return MARINA_SOURCE_DIR "/../shared/datasets";
}

// Row r carries its own number as r+1 in column 0 (so every row can be traced back), a
// row-dependent entry elsewhere, and label +1 for even r. The last column stays empty, to
// check that shards keep the full dim.
Dataset tagged(Index rows, Index cols = 6) {
  Dataset d;
  d.features.resize(rows, cols);
  d.labels.resize(rows);
  for (Index r = 0; r < rows; ++r) {
    d.features.insert(r, 0) = static_cast<double>(r + 1);
    d.features.insert(r, 1 + r % (cols - 2)) = 0.5 * static_cast<double>(r);
    d.labels[r] = r % 2 == 0 ? 1.0 : -1.0;
  }
  d.features.makeCompressed();
  d.origin = "tagged";
  return d;
}

Index tag(const Dataset& d, Index r) { return static_cast<Index>(d.features.coeff(r, 0)) - 1; }

// Every shard row must equal, entry for entry, the original row it claims to be.
void expect_rows_from(const Dataset& original, const Dataset& part) {
  for (Index r = 0; r < part.samples(); ++r) {
    const Index source = tag(part, r);
    ASSERT_GE(source, 0);
    ASSERT_LT(source, original.samples());
    EXPECT_EQ((Eigen::RowVectorXd(part.features.row(r)) - Eigen::RowVectorXd(original.features.row(source))).norm(),
              0.0);
    EXPECT_EQ(part.labels[r], original.labels[source]);
  }
}

std::vector<Index> all_tags(const std::vector<Dataset>& shards) {
  std::vector<Index> tags;
  for (const Dataset& s : shards)
    for (Index r = 0; r < s.samples(); ++r) tags.push_back(tag(s, r));
  return tags;
}

TEST(Shard, ContiguousGivesEqualBlocksInFileOrderAndDropsTheRemainder) {
  const Dataset d = tagged(8124);  // mushrooms' size: 5 x 1624, 4 rows dropped
  const std::vector<Dataset> shards = shard(d, 5, SplitMode::contiguous, 0);
  ASSERT_EQ(shards.size(), 5u);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(shards[i].samples(), 1624);
    EXPECT_EQ(shards[i].dim(), d.dim());
    EXPECT_EQ(shards[i].labels.size(), 1624);
    for (Index r = 0; r < 1624; ++r) ASSERT_EQ(tag(shards[i], r), i * 1624 + r);
    expect_rows_from(d, shards[i]);
  }
  const std::vector<Index> tags = all_tags(shards);
  EXPECT_EQ(tags.back(), 8119);  // rows 8120..8123 are dropped
}

TEST(Shard, ExactDivisionUsesEveryRow) {
  const std::vector<Dataset> shards = shard(tagged(10), 5, SplitMode::contiguous, 0);
  EXPECT_EQ(all_tags(shards), (std::vector<Index>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
}

TEST(Shard, OneWorkerOrOneRowPerWorker) {
  const Dataset d = tagged(7);
  EXPECT_EQ(shard(d, 1, SplitMode::contiguous, 0).front().samples(), 7);
  const std::vector<Dataset> singles = shard(d, 7, SplitMode::shuffled, 3);
  ASSERT_EQ(singles.size(), 7u);
  for (const Dataset& s : singles) EXPECT_EQ(s.samples(), 1);
}

TEST(Shard, ShuffledIsASeededPermutationOfTheRows) {
  const Dataset d = tagged(1003);
  const std::vector<Dataset> shards = shard(d, 4, SplitMode::shuffled, 42);
  for (const Dataset& s : shards) {
    EXPECT_EQ(s.samples(), 250);
    EXPECT_EQ(s.dim(), d.dim());
    expect_rows_from(d, s);
  }
  const std::vector<Index> tags = all_tags(shards);
  EXPECT_EQ(std::set<Index>(tags.begin(), tags.end()).size(), 1000u);  // no row twice

  std::vector<Index> in_order(tags.size());
  for (std::size_t k = 0; k < in_order.size(); ++k) in_order[k] = static_cast<Index>(k);
  EXPECT_NE(tags, in_order);  // actually shuffled
  EXPECT_EQ(all_tags(shard(d, 4, SplitMode::shuffled, 42)), tags);
  EXPECT_NE(all_tags(shard(d, 4, SplitMode::shuffled, 43)), tags);
}

TEST(Shard, ContiguousIgnoresTheSeed) {
  const Dataset d = tagged(50);
  EXPECT_EQ(all_tags(shard(d, 3, SplitMode::contiguous, 1)), all_tags(shard(d, 3, SplitMode::contiguous, 2)));
}

TEST(Shard, RejectsWorkerCountsOutsideOneToSamples) {
  const Dataset d = tagged(10);
  for (int workers : {0, -1, 11}) {
    try {
      shard(d, workers, SplitMode::contiguous, 0);
      ADD_FAILURE() << "accepted " << workers << " workers";
    } catch (const InputError& e) {
      EXPECT_NE(e.message().find("split.workers"), std::string::npos) << e.message();
      EXPECT_NE(e.message().find("got " + std::to_string(workers)), std::string::npos) << e.message();
    }
  }
}

TEST(WithBiasColumn, PrependsOnesAndShiftsTheOtherColumns) {
  Dataset d = tagged(5);
  d.features.coeffRef(2, 0) = 0.0;
  d.features.prune(0.0);  // row 2 keeps a single entry, in a shifted column
  const Dataset b = with_bias_column(d);
  EXPECT_EQ(b.samples(), d.samples());
  EXPECT_EQ(b.dim(), d.dim() + 1);
  EXPECT_EQ(b.features.nonZeros(), d.features.nonZeros() + d.samples());
  for (Index r = 0; r < b.samples(); ++r) {
    EXPECT_EQ(b.features.coeff(r, 0), 1.0);
    for (Index c = 0; c < d.dim(); ++c) EXPECT_EQ(b.features.coeff(r, c + 1), d.features.coeff(r, c));
  }
  EXPECT_EQ((b.labels - d.labels).norm(), 0.0);
  EXPECT_EQ(b.origin, d.origin);
}

TEST(WithBiasColumn, AllZeroRowGetsJustTheBias) {
  Dataset d;
  d.features.resize(2, 3);
  d.features.insert(1, 2) = 4.0;
  d.features.makeCompressed();
  d.labels = Vec::Ones(2);
  const Dataset b = with_bias_column(d);
  EXPECT_EQ(b.features.row(0).nonZeros(), 1);
  EXPECT_EQ(b.features.coeff(0, 0), 1.0);
  EXPECT_EQ(b.features.coeff(1, 3), 4.0);
}

TEST(ShardRealData, MushroomsWithBiasSplitsLikeThePaper) {
  const std::string path = datasets_dir() + "/mushrooms";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " not available";
  const Dataset d = with_bias_column(read_libsvm(path));
  EXPECT_EQ(d.dim(), 113);
  const std::vector<Dataset> shards = shard(d, 5, SplitMode::contiguous, 0);
  for (const Dataset& s : shards) {
    EXPECT_EQ(s.samples(), 1624);
    EXPECT_EQ(s.dim(), 113);
  }
}

// paper-notes §5.2: CIFAR-100's 50,000 images over 5 workers in multiples of 128 are
// 4 x 10,112 and 1 x 9,552, and every image lands in exactly one shard.
TEST(ShardRows, AMultipleGivesThePapersResNetShards) {
  const auto rows = shard_rows(50000, ShardPlan{5, SplitMode::shuffled, 7, 128});
  ASSERT_EQ(rows.size(), 5u);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(rows[static_cast<std::size_t>(i)].size(), 10112u);
  EXPECT_EQ(rows[4].size(), 9552u);
  std::vector<Index> all;
  for (const auto& r : rows) all.insert(all.end(), r.begin(), r.end());
  std::sort(all.begin(), all.end());
  for (Index i = 0; i < 50000; ++i) ASSERT_EQ(all[static_cast<std::size_t>(i)], i);
}

TEST(ShardRows, WithoutAMultipleTheRemainderIsDroppedAsBefore) {
  const auto rows = shard_rows(11, ShardPlan{5, SplitMode::contiguous, 0, 0});
  for (const auto& r : rows) EXPECT_EQ(r.size(), 2u);
  EXPECT_EQ(rows[4].back(), 9);
}

TEST(ShardRows, AMultipleThatStarvesTheLastWorkerIsRefused) {
  // 200 * ceil(300 / 600) = 200 to each of the first two leaves the third -100.
  EXPECT_THROW(shard_rows(300, ShardPlan{3, SplitMode::contiguous, 0, 200}), InputError);
}

}  // namespace
}  // namespace marina

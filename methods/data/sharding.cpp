#include "methods/data/sharding.hpp"

#include <algorithm>
#include <boost/random/uniform_int_distribution.hpp>
#include <numeric>
#include <string>
#include <utility>

#include "methods/common/input_error.hpp"
#include "methods/common/rng.hpp"

namespace marina {
namespace {

// Copies row `from` of `source` as row `to` of `target`, which is being filled in row order
// (Eigen's startVec/insertBack protocol), with every column moved right by `shift`.
void copy_row(const SparseRows& source, Index from, SparseRows& target, Index to, Index shift) {
  for (SparseRows::InnerIterator it(source, from); it; ++it) target.insertBack(to, it.col() + shift) = it.value();
}

// A Fisher-Yates shuffle written out here: std::shuffle's algorithm is unspecified, so its
// permutation could differ between standard libraries.
std::vector<Index> random_order(Index n, std::uint64_t seed) {
  std::vector<Index> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), Index{0});
  Rng rng = make_rng(seed, StreamRole::split);
  for (Index i = n - 1; i > 0; --i) {
    boost::random::uniform_int_distribution<Index> pick(0, i);
    std::swap(order[static_cast<std::size_t>(i)], order[static_cast<std::size_t>(pick(rng))]);
  }
  return order;
}

Dataset gather_rows(const Dataset& data, const Index* rows, Index count, std::string origin) {
  Dataset part;
  part.features.resize(count, data.dim());
  Index nonzeros = 0;
  for (Index r = 0; r < count; ++r) nonzeros += data.features.row(rows[r]).nonZeros();
  part.features.reserve(nonzeros);
  part.labels.resize(count);
  for (Index r = 0; r < count; ++r) {
    part.features.startVec(r);
    copy_row(data.features, rows[r], part.features, r, 0);
    part.labels[r] = data.labels[rows[r]];
  }
  part.features.finalize();
  part.origin = std::move(origin);
  return part;
}

}  // namespace

Dataset with_bias_column(const Dataset& data) {
  Dataset out;
  out.features.resize(data.samples(), data.dim() + 1);
  out.features.reserve(data.features.nonZeros() + data.samples());
  for (Index r = 0; r < data.samples(); ++r) {
    out.features.startVec(r);
    out.features.insertBack(r, 0) = 1.0;
    copy_row(data.features, r, out.features, r, 1);
  }
  out.features.finalize();
  out.labels = data.labels;
  out.origin = data.origin;
  return out;
}

std::vector<std::vector<Index>> shard_rows(Index n, const ShardPlan& plan) {
  const int workers = plan.workers;
  if (workers < 1 || workers > n)
    throw InputError("", 0,
                     "split.workers must be between 1 and the number of samples (" + std::to_string(n) + "), got " +
                         std::to_string(workers));
  std::vector<Index> order(static_cast<std::size_t>(n));
  if (plan.mode == SplitMode::shuffled)
    order = random_order(n, plan.seed);
  else
    std::iota(order.begin(), order.end(), Index{0});

  std::vector<Index> sizes(static_cast<std::size_t>(workers), n / workers);
  if (plan.multiple > 0) {
    const Index per = plan.multiple * ((n + workers * plan.multiple - 1) / (workers * plan.multiple));
    const Index last = n - per * (workers - 1);
    if (last < 1)
      throw InputError("", 0,
                       "split.shard_multiple = " + std::to_string(plan.multiple) + " leaves the last of " +
                           std::to_string(workers) + " workers no sample (" + std::to_string(n) +
                           " samples, " + std::to_string(per) + " to each of the others)");
    std::fill(sizes.begin(), sizes.end() - 1, per);
    sizes.back() = last;
  }
  std::vector<std::vector<Index>> rows;
  Index next = 0;
  for (const Index size : sizes) {
    rows.emplace_back(order.begin() + next, order.begin() + next + size);
    next += size;
  }
  return rows;
}

std::vector<Dataset> shard(const Dataset& data, const ShardPlan& plan) {
  const std::vector<std::vector<Index>> rows = shard_rows(data.samples(), plan);
  std::vector<Dataset> shards;
  shards.reserve(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const std::string origin =
        data.origin + " [shard " + std::to_string(i + 1) + "/" + std::to_string(rows.size()) + "]";
    shards.push_back(gather_rows(data, rows[i].data(), static_cast<Index>(rows[i].size()), origin));
  }
  return shards;
}

}  // namespace marina

// Column co-coding (methods/problems/column_groups): every row's codes spell exactly its
// entries, the prefix tree is well formed (parents first, columns increasing, one group per
// node), no pattern is stored twice, groups are runs of adjacent columns, and the result is
// fixed by the matrix.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>
#include <utility>

#include "methods/problems/column_groups.hpp"

namespace marina {
namespace {

// Random 0/1 rows: each row takes one of `variety` templates (entries with probability
// `density`) and flips a few entries, so that patterns repeat, as in categorical data.
SparseRows repetitive_pattern(Index rows, Index cols, double density, int variety, unsigned seed) {
  std::mt19937_64 gen(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<std::vector<bool>> templates(static_cast<std::size_t>(variety), std::vector<bool>(static_cast<std::size_t>(cols)));
  for (auto& t : templates)
    for (Index c = 0; c < cols; ++c) t[static_cast<std::size_t>(c)] = u(gen) < density;
  std::vector<Eigen::Triplet<double>> entries;
  for (Index r = 0; r < rows; ++r) {
    const auto& t = templates[static_cast<std::size_t>(gen() % static_cast<unsigned>(variety))];
    for (Index c = 0; c < cols; ++c)
      if (t[static_cast<std::size_t>(c)] != (u(gen) < 0.02)) entries.emplace_back(r, c, 1.0);
  }
  SparseRows a(rows, cols);
  a.setFromTriplets(entries.begin(), entries.end());
  a.makeCompressed();
  return a;
}

std::vector<std::int32_t> columns_of_node(const ColumnGroups& g, std::int32_t n) {
  std::vector<std::int32_t> cols;
  for (; n >= 0; n = g.node_parent[static_cast<std::size_t>(n)]) cols.insert(cols.begin(), g.node_col[static_cast<std::size_t>(n)]);
  return cols;
}

void check_groups(const SparseRows& a, const std::string& what) {
  const ColumnGroups g = group_columns(a);
  ASSERT_EQ(static_cast<Index>(g.group_of_column.size()), a.cols()) << what;
  for (Index c = 1; c < a.cols(); ++c) {  // runs of adjacent columns, numbered from 0 in order
    const auto step = g.group_of_column[static_cast<std::size_t>(c)] - g.group_of_column[static_cast<std::size_t>(c - 1)];
    EXPECT_TRUE(step == 0 || step == 1) << what << ", column " << c;
  }
  if (a.cols() > 0) {
    EXPECT_EQ(g.group_of_column[0], 0) << what;
  }
  // The tree: parents first, a child's column after its parent's and in the same group.
  std::set<std::pair<std::int32_t, std::int32_t>> seen;
  for (std::size_t n = 0; n < g.node_col.size(); ++n) {
    const std::int32_t parent = g.node_parent[n];
    ASSERT_LT(parent, static_cast<std::int32_t>(n)) << what;
    if (parent >= 0) {
      const auto pc = g.node_col[static_cast<std::size_t>(parent)];
      EXPECT_LT(pc, g.node_col[n]) << what;
      EXPECT_EQ(g.group_of_column[static_cast<std::size_t>(pc)], g.group_of_column[static_cast<std::size_t>(g.node_col[n])]) << what;
    }
    EXPECT_TRUE(seen.insert({parent, g.node_col[n]}).second) << what << ": node " << n << " stored twice";
  }
  // Each row: its codes, in group order, spell exactly its columns.
  ASSERT_EQ(static_cast<Index>(g.row_start.size()), a.rows() + 1) << what;
  for (Index r = 0; r < a.rows(); ++r) {
    std::vector<std::int32_t> want, got;
    for (SparseRows::InnerIterator it(a, r); it; ++it) want.push_back(static_cast<std::int32_t>(it.col()));
    std::int32_t last_group = -1;
    for (auto k = g.row_start[static_cast<std::size_t>(r)]; k < g.row_start[static_cast<std::size_t>(r + 1)]; ++k) {
      const auto cols = columns_of_node(g, g.row_codes[static_cast<std::size_t>(k)]);
      const std::int32_t group = g.group_of_column[static_cast<std::size_t>(cols.front())];
      EXPECT_GT(group, last_group) << what << ", row " << r << ": codes out of group order";
      last_group = group;
      got.insert(got.end(), cols.begin(), cols.end());
    }
    EXPECT_EQ(got, want) << what << ", row " << r;
  }
}

TEST(ColumnGroups, CodesSpellEveryRowAndTheTreeIsWellFormed) {
  check_groups(repetitive_pattern(400, 60, 0.3, 12, 1), "repetitive");
  check_groups(repetitive_pattern(400, 60, 0.3, 400, 2), "little repetition");
  check_groups(repetitive_pattern(37, 900, 0.01, 5, 3), "wide and sparse");
  check_groups(repetitive_pattern(50, 20, 0.9, 3, 4), "dense");
  check_groups(SparseRows(10, 7), "no entries");
  check_groups(SparseRows(0, 7), "no rows");
}

TEST(ColumnGroups, RepeatedPatternsShareCodes) {
  // 400 rows from 4 templates (flips aside): far fewer codes looked up than entries.
  const SparseRows a = repetitive_pattern(400, 60, 0.4, 4, 5);
  const ColumnGroups g = group_columns(a);
  EXPECT_LT(g.lookups() * 3, a.nonZeros());
  EXPECT_LT(g.nodes(), a.nonZeros() / 4);
}

TEST(ColumnGroups, FixedByTheMatrix) {
  const SparseRows a = repetitive_pattern(300, 80, 0.2, 10, 6);
  const ColumnGroups g1 = group_columns(a), g2 = group_columns(a);
  EXPECT_EQ(g1.group_of_column, g2.group_of_column);
  EXPECT_EQ(g1.node_parent, g2.node_parent);
  EXPECT_EQ(g1.node_col, g2.node_col);
  EXPECT_EQ(g1.row_codes, g2.row_codes);
}

}  // namespace
}  // namespace marina

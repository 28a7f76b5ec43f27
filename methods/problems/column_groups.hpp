// Column co-coding of a 0/1 pattern (as in compressed linear algebra): the columns are cut
// into runs of adjacent columns ("groups"), and each row's entries within a group become one
// code. Data sets of one-hot categorical features repeat few patterns per group: the first
// mushrooms shard (1,624 rows of 22 entries) becomes 2 codes per row, from 2 groups.
//
// The distinct patterns of a group form a prefix tree over its columns: node n stands for
// the pattern of its parent plus one more column col[n], larger than its parent's. A row's
// code is the node of its whole pattern within the group. Then, with C the rows × codes 0/1
// matrix (shard_matrix.cpp),
//   A x:   node value d_n = d_parent(n) + x_col(n) (d of a group's root = +0.0), so d_n is
//          exactly the sum of x over n's pattern in column order, and A x = C d;
//   A^T w: t = C^T w, then (A^T w)_c = the sum of t_k over the codes k whose pattern holds c;
// so a pass costs one gathered addition per code of a row, not one per entry, plus one per
// node (A x) or per pattern entry of a code (A^T w).
//
// The groups are grown greedily from the left: column c joins the open group when that does
// not raise the estimated cost (codes looked up, nodes) above keeping c apart. Nodes are
// numbered group by group, parents before children, so everything is fixed by the matrix.
#pragma once

#include <cstdint>
#include <vector>

#include "methods/common/types.hpp"

namespace marina {

struct ColumnGroups {
  std::vector<std::int32_t> group_of_column;  // groups are runs of adjacent columns
  std::vector<std::int32_t> node_parent;      // -1: the node's parent is its group's root
  std::vector<std::int32_t> node_col;
  // Row r's codes: row_codes[row_start[r] .. row_start[r+1]), one node per group it has
  // entries in, in group order.
  std::vector<std::int64_t> row_start{0};
  std::vector<std::int32_t> row_codes;

  Index nodes() const { return static_cast<Index>(node_col.size()); }
  Index lookups() const { return static_cast<Index>(row_codes.size()); }
};

// Estimated cost of one A x plus one A^T w through the groups, in units of one gathered
// addition per pass: each code looked up counts 1, each node kGroupNodeCost (its addition in
// A x, its share of the expansion in A^T w, and the loops around them).
inline constexpr double kGroupNodeCost = 3.0;

// The groups and codes of a's pattern (its values are not read).
ColumnGroups group_columns(const SparseRows& a);

}  // namespace marina

// A worker's feature matrix A (one sample per row) in the storage that makes A x and A^T w
// cheapest for its shape, picked once when the local loss is built:
//   dense        row-major, rows zero-padded to a multiple of 8 columns, vectorised
//                (shard_kernels.hpp);
//   csr          compressed sparse, values and indices, twice: by rows for A x and by
//                columns for A^T w (a gather per column instead of a scatter per row);
//   pattern_csr  the same without values, when all stored values of each column are one
//                number s_c (0/1 features such as mushrooms, a9a and w8a, phishing's 0.18257,
//                the bias column of ones): A = P diag(s), P the 0/1 pattern.
//   pattern_groups  P co-coded (column_groups.hpp): each row's entries in a run of
//                columns become one code, so the passes sum a row's codes, not its entries.
// The compressed rows are kept in slices of 8 rows, entry k of the 8 rows side by side and
// short rows padded with entries of value 0 ("sliced ELLPACK"): the 8 rows' sums advance
// together without a branch on each row's length, which on short rows (a9a: 14 entries)
// costs more than the sums themselves. The rows enter the slices longest first, so that
// rows of like length share a slice and little is padded (w8a: 130,200 slots for 129,814
// entries, against 240,256 in file order). Indices are stored in 1, 2 or 4 bytes
// (packed_indices.hpp).
// Every sum runs in an order fixed by the matrix alone, never by the machine.
#pragma once

#include <cstdint>
#include <vector>

#include "methods/common/types.hpp"
#include "methods/problems/column_groups.hpp"
#include "methods/problems/packed_indices.hpp"
#include "methods/problems/shard_kernels.hpp"

namespace marina {

enum class ShardStorage { csr, pattern_csr, pattern_groups, dense };
const char* to_string(ShardStorage storage);

struct ShardShape {
  Index rows = 0;
  Index cols = 0;
  Index nonzeros = 0;
  bool column_constant = false;  // all stored values of each column are the same number
  // Column-constant shards: the codes looked up per pass and the prefix-tree nodes of their
  // co-coding (column_groups.hpp); -1 when not computed.
  Index group_lookups = -1;
  Index group_nodes = -1;
};
ShardShape shape_of(const SparseRows& a);
bool column_constant(const SparseRows& a);  // all stored values of each column are the same number

// The storage with the smallest estimated cost of one A x plus one A^T w, from per-entry
// costs measured with build/marina_bench (docs/performance.md, "Gradient kernels").
ShardStorage choose_storage(const ShardShape& shape);

class ShardMatrix {
 public:
  explicit ShardMatrix(const SparseRows& a);  // storage from choose_storage(shape_of(a))
  // A given storage; pattern_csr and pattern_groups throw std::invalid_argument unless
  // shape_of(a).column_constant.
  ShardMatrix(const SparseRows& a, ShardStorage storage);

  ShardStorage storage() const { return storage_; }
  Index rows() const { return rows_; }
  Index cols() const { return cols_; }

  // xp = what the row sums read: x (csr) or s ∘ x (pattern_csr, pattern_groups), followed by
  // a zero that the padding entries point at; for dense, x padded with zeros to a multiple of 8.
  void prepare(const Vec& x, Vec& xp) const;
  // a_r^T x from a prepared x; bit for bit the r-th entry of multiply().
  double row_dot(Index r, const Vec& xp) const;
  // margins[r] = a_r^T x for r < rows(), from a prepared x.
  void multiply(const Vec& xp, double* margins) const;
  // out = A^T w (w has rows() entries); `scratch` is working space (dense, pattern_groups).
  void transpose_multiply(const double* w, Vec& out, Vec& scratch) const;
  // out += w a_r (minibatch gradients).
  void add_row(Index r, double w, Vec& out) const;

 private:
  static constexpr Index kSlice = 8;

  // The storage, and the co-coding when choosing it already computed one (so it is found once).
  struct Plan;
  static Plan plan_for(const SparseRows& a);
  ShardMatrix(const SparseRows& a, Plan plan);

  bool pattern() const { return storage_ == ShardStorage::pattern_csr || storage_ == ShardStorage::pattern_groups; }
  // Builds the slices and the columns below from compressed rows (start, index, values;
  // values empty for a pattern) whose indices are below `inner`.
  void build_sparse(const std::vector<std::int64_t>& start, const std::vector<std::int32_t>& index,
                    const std::vector<double>& values, Index inner);
  // pattern_groups: the tree, the codes as the sliced matrix, E^T and the rows' runs.
  void build_groups(ColumnGroups groups);

  ShardStorage storage_;
  Index rows_;
  Index cols_;
  kernels::Isa isa_;
  // Sparse storages, rows: slot 8s + i of slice s holds row slice_rows_[8s + i] (rows by
  // decreasing length; slots past the last row hold rows_), whose entry k sits at
  // slice_start_[s] + 8k + i; padding entries have value 0 and the index one past the last
  // column (cols_, or for pattern_groups the number of codes).
  std::vector<std::int64_t> slice_start_;
  std::vector<std::int32_t> slice_rows_;
  PackedIndices slice_cols_;
  std::vector<double> slice_values_;  // empty for the pattern storages
  // Sparse storages, A's rows once more as plain compressed rows, for the minibatch path
  // (one row's entries contiguous; in the slices they are 64 bytes apart). row_dot() sums
  // them in the order multiply() does (pattern_groups: group by group).
  std::vector<std::int64_t> row_start_;
  std::vector<std::int32_t> row_cols_;
  std::vector<double> row_values_;  // empty for the pattern storages
  // Sparse storages, columns of the sliced matrix: rows of column c in increasing order (not
  // built when scatter_transpose_: A^T w is then accumulated row by row).
  bool scatter_transpose_ = false;
  std::vector<std::int64_t> col_start_;
  PackedIndices col_rows_;
  std::vector<double> col_values_;  // empty for the pattern storages
  Vec column_scale_;                // pattern_csr, pattern_groups: s_c
  // pattern_groups: the slices and columns above hold C, rows × codes (0/1), the codes being
  // the prefix-tree nodes of column_groups.hpp that are some row's pattern, in node order.
  // Row r's entries (row_cols_) fall in runs, one per code of the row, of runs_[q] entries for
  // q in [run_start_[r], run_start_[r+1]): row_dot() sums each run, then the runs.
  std::vector<std::int64_t> run_start_;
  std::vector<std::int32_t> runs_;
  std::vector<std::int32_t> node_parent_;
  std::vector<std::int32_t> node_col_;
  std::vector<std::int32_t> code_node_;
  // E^T by columns: the codes whose pattern holds column c, increasing.
  std::vector<std::int64_t> expand_start_;
  PackedIndices expand_codes_;
  // Working space of multiply(): one ShardMatrix serves one worker, never two threads at
  // once (NonconvexLogistic keeps its margins the same way).
  mutable std::vector<double> node_values_;  // d_n
  mutable std::vector<double> code_values_;  // d of each code, then a 0 for the padding code
  // dense: rows of stride_ doubles.
  Index stride_ = 0;
  std::vector<double> dense_;
};

}  // namespace marina

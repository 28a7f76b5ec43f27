#include "methods/problems/shard_matrix.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <optional>
#include <string>
#include <utility>

namespace marina {
namespace {

// Measured cost of one A x plus one A^T w per stored entry (sparse) or per entry of the
// zero-padded matrix (dense), in ns: a gradient's time less its weights, over the entries,
// on the LIBSVM shards and synthetic shapes of build/marina_bench (docs/performance.md,
// "Gradient kernels"). Only their ratios matter.
constexpr double kNsPerPatternEntry = 0.38;
constexpr double kNsPerValuedEntry = 0.68;
constexpr double kNsPerDenseEntry = 0.21;
// pattern_groups: per code looked up in both passes (a node costs kGroupNodeCost of these):
// the least-squares fit of (codes + 3 nodes) to a gradient's time less its weights on the
// four LIBSVM shards (mushrooms, a9a, w8a, phishing), dominated by w8a's 79,778 codes.
constexpr double kNsPerGroupLookup = 0.46;
// Shards with fewer rows are not co-coded: so few rows share little, and finding the groups
// would cost more than it could save (PP-MARINA runs with 100,000 workers of 2 samples each
// spent 5% of their instructions on it).
constexpr Index kMinRowsToGroup = 64;
// Below this many entries per column on average, A^T w scatters the rows instead of
// gathering each column: a column's loop costs more than its few entries (wide shards).
constexpr Index kMinEntriesPerColumnToGather = 16;

Index round_up(Index n, Index to) { return (n + to - 1) / to * to; }

// Eight running sums side by side, each its own chain of additions, so that eight are in
// flight at once. Named members, not an array: an array indexed by a variable (sum8's tail)
// would live in memory, and every addition would wait on a store.
struct EightSums {
  double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0, s4 = 0.0, s5 = 0.0, s6 = 0.0, s7 = 0.0;

  // Sum i += term(k + i, index[k + i]) for i < 8, the indices read with unpack8.
  template <class I, class Term>
  inline __attribute__((always_inline)) void add8(const I* index, std::int64_t k, Term term) {
    std::uint32_t j[8];
    unpack8(index + k, j);
    s0 += term(k, j[0]);
    s1 += term(k + 1, j[1]);
    s2 += term(k + 2, j[2]);
    s3 += term(k + 3, j[3]);
    s4 += term(k + 4, j[4]);
    s5 += term(k + 5, j[5]);
    s6 += term(k + 6, j[6]);
    s7 += term(k + 7, j[7]);
  }
};

// Sum of term(k, index[k]) for k in [begin, end) in 8 partial sums (entry k goes to sum
// (k - begin) mod 8, combined in a fixed tree).
template <class I, class Term>
inline double sum8(const I* index, Index begin, Index end, Term term) {
  EightSums s;
  Index k = begin;
  for (; k + 8 <= end; k += 8) s.add8(index, k, term);
  if (k < end) s.s0 += term(k, index[k]), ++k;
  if (k < end) s.s1 += term(k, index[k]), ++k;
  if (k < end) s.s2 += term(k, index[k]), ++k;
  if (k < end) s.s3 += term(k, index[k]), ++k;
  if (k < end) s.s4 += term(k, index[k]), ++k;
  if (k < end) s.s5 += term(k, index[k]), ++k;
  if (k < end) s.s6 += term(k, index[k]), ++k;
  return ((s.s0 + s.s4) + (s.s2 + s.s6)) + ((s.s1 + s.s5) + (s.s3 + s.s7));
}

// margins[row[8s + i]] = the sum of slot i of slice s, for every slice: each slot sums its
// row's entries term(k, cols[k]) in column order from +0.0, the eight slots side by side.
template <class I, class Term>
void slice_sums(const std::int64_t* start, Index slices, const I* cols, const std::int32_t* row, Index rows,
                double* margins, Term term) {
  for (Index s = 0; s < slices; ++s) {
    EightSums sum;
    for (std::int64_t k = start[s]; k < start[s + 1]; k += 8) sum.add8(cols, k, term);
    const double sums[8] = {sum.s0, sum.s1, sum.s2, sum.s3, sum.s4, sum.s5, sum.s6, sum.s7};
    for (int i = 0; i < 8; ++i)
      if (const std::int32_t r = row[8 * s + i]; r < rows) margins[r] = sums[i];
  }
}

}  // namespace

const char* to_string(ShardStorage storage) {
  switch (storage) {
    case ShardStorage::csr: return "csr";
    case ShardStorage::pattern_csr: return "pattern_csr";
    case ShardStorage::pattern_groups: return "pattern_groups";
    case ShardStorage::dense: return "dense";
  }
  return "?";
}

bool column_constant(const SparseRows& a) {
  std::vector<double> first(static_cast<std::size_t>(a.cols()));
  std::vector<bool> seen(static_cast<std::size_t>(a.cols()), false);
  for (Index r = 0; r < a.outerSize(); ++r)
    for (SparseRows::InnerIterator it(a, r); it; ++it) {
      const auto c = static_cast<std::size_t>(it.col());
      if (!seen[c]) {
        seen[c] = true;
        first[c] = it.value();
      } else if (!(it.value() == first[c])) {
        return false;
      }
    }
  return true;
}

namespace {

// The shape, and the co-coding that shape_of() finds for column-constant shards of enough rows.
std::pair<ShardShape, std::optional<ColumnGroups>> measure(const SparseRows& a) {
  ShardShape shape{a.rows(), a.cols(), a.nonZeros(), column_constant(a)};
  if (!shape.column_constant || shape.rows < kMinRowsToGroup) return {shape, std::nullopt};
  ColumnGroups groups = group_columns(a);
  shape.group_lookups = groups.lookups();
  shape.group_nodes = groups.nodes();
  return {shape, std::move(groups)};
}

}  // namespace

ShardShape shape_of(const SparseRows& a) { return measure(a).first; }

ShardStorage choose_storage(const ShardShape& shape) {
  ShardStorage best = shape.column_constant ? ShardStorage::pattern_csr : ShardStorage::csr;
  double best_ns =
      static_cast<double>(shape.nonzeros) * (shape.column_constant ? kNsPerPatternEntry : kNsPerValuedEntry);
  auto consider = [&](ShardStorage storage, double ns) {
    if (ns < best_ns) best = storage, best_ns = ns;
  };
  consider(ShardStorage::dense, static_cast<double>(shape.rows) *
                                    static_cast<double>(round_up(shape.cols, kernels::kLanes)) * kNsPerDenseEntry);
  if (shape.column_constant && shape.group_lookups >= 0)
    consider(ShardStorage::pattern_groups,
             (static_cast<double>(shape.group_lookups) + kGroupNodeCost * static_cast<double>(shape.group_nodes)) *
                 kNsPerGroupLookup);
  return best;
}

struct ShardMatrix::Plan {
  ShardStorage storage;
  std::optional<ColumnGroups> groups;
};

ShardMatrix::Plan ShardMatrix::plan_for(const SparseRows& a) {
  auto [shape, groups] = measure(a);
  const ShardStorage storage = choose_storage(shape);
  if (storage != ShardStorage::pattern_groups) groups.reset();
  return Plan{storage, std::move(groups)};
}

ShardMatrix::ShardMatrix(const SparseRows& a) : ShardMatrix(a, plan_for(a)) {}

ShardMatrix::ShardMatrix(const SparseRows& a, ShardStorage storage) : ShardMatrix(a, Plan{storage, std::nullopt}) {}

ShardMatrix::ShardMatrix(const SparseRows& a, Plan plan)
    : storage_(plan.storage), rows_(a.rows()), cols_(a.cols()), isa_(kernels::best_isa()) {
  if (rows_ >= std::numeric_limits<std::int32_t>::max() || cols_ >= std::numeric_limits<std::int32_t>::max())
    throw std::invalid_argument("shard too large for 32-bit indices");
  if (storage_ == ShardStorage::dense) {
    stride_ = round_up(cols_, kernels::kLanes);
    dense_.assign(static_cast<std::size_t>(rows_ * stride_), 0.0);
    for (Index r = 0; r < a.outerSize(); ++r)
      for (SparseRows::InnerIterator it(a, r); it; ++it)
        dense_[static_cast<std::size_t>(r * stride_ + it.col())] = it.value();
    return;
  }
  if (pattern() && !column_constant(a))
    throw std::invalid_argument(std::string(to_string(storage_)) +
                                " needs all stored values of each column to be equal");
  if (pattern()) {
    column_scale_ = Vec::Zero(cols_);
    for (Index r = 0; r < a.outerSize(); ++r)
      for (SparseRows::InnerIterator it(a, r); it; ++it) column_scale_[it.col()] = it.value();
  }
  // Rows, plain.
  row_start_.reserve(static_cast<std::size_t>(rows_ + 1));
  row_start_.push_back(0);
  for (Index r = 0; r < rows_; ++r) {
    for (SparseRows::InnerIterator it(a, r); it; ++it) {
      row_cols_.push_back(static_cast<std::int32_t>(it.col()));
      if (!pattern()) row_values_.push_back(it.value());
    }
    row_start_.push_back(static_cast<std::int64_t>(row_cols_.size()));
  }
  if (storage_ != ShardStorage::pattern_groups) {
    build_sparse(row_start_, row_cols_, row_values_, cols_);
    return;
  }
  build_groups(plan.groups ? std::move(*plan.groups) : group_columns(a));
}

void ShardMatrix::build_groups(ColumnGroups groups) {
  node_parent_ = std::move(groups.node_parent);
  node_col_ = std::move(groups.node_col);
  // A row's run in a group has as many entries as its code's node is deep.
  std::vector<std::int32_t> depth(node_col_.size());
  for (std::size_t n = 0; n < depth.size(); ++n)
    depth[n] = node_parent_[n] < 0 ? 1 : depth[static_cast<std::size_t>(node_parent_[n])] + 1;
  run_start_ = groups.row_start;
  runs_.reserve(groups.row_codes.size());
  for (std::int32_t n : groups.row_codes) runs_.push_back(depth[static_cast<std::size_t>(n)]);
  node_values_.assign(node_col_.size(), 0.0);
  // The codes: the nodes that are some row's pattern, numbered in node order.
  std::vector<std::int32_t> code_of_node(node_col_.size(), -1);
  for (std::int32_t n : groups.row_codes) code_of_node[static_cast<std::size_t>(n)] = 0;
  for (std::size_t n = 0; n < node_col_.size(); ++n)
    if (code_of_node[n] == 0) {
      code_of_node[n] = static_cast<std::int32_t>(code_node_.size());
      code_node_.push_back(static_cast<std::int32_t>(n));
    }
  for (std::int32_t& n : groups.row_codes) n = code_of_node[static_cast<std::size_t>(n)];
  const auto codes = static_cast<Index>(code_node_.size());
  code_values_.assign(static_cast<std::size_t>(codes + 1), 0.0);
  build_sparse(groups.row_start, groups.row_codes, {}, codes);
  // E^T by columns: code k holds the columns of its node and of the node's ancestors.
  std::vector<std::vector<std::int32_t>> codes_of_column(static_cast<std::size_t>(cols_));
  for (Index k = 0; k < codes; ++k)
    for (std::int32_t n = code_node_[static_cast<std::size_t>(k)]; n >= 0; n = node_parent_[static_cast<std::size_t>(n)])
      codes_of_column[static_cast<std::size_t>(node_col_[static_cast<std::size_t>(n)])].push_back(static_cast<std::int32_t>(k));
  std::vector<std::int32_t> expand_codes;
  expand_start_.assign(1, 0);
  for (const auto& list : codes_of_column) {
    expand_codes.insert(expand_codes.end(), list.begin(), list.end());
    expand_start_.push_back(static_cast<std::int64_t>(expand_codes.size()));
  }
  expand_codes_ = pack_indices(expand_codes, codes);
}

void ShardMatrix::build_sparse(const std::vector<std::int64_t>& start, const std::vector<std::int32_t>& index,
                               const std::vector<double>& values, Index inner) {
  const bool valued = !values.empty();
  // Rows, in slices of kSlice, longest rows first (ties in row order).
  const Index slices = (rows_ + kSlice - 1) / kSlice;
  auto length = [&](Index r) {
    return r < rows_ ? start[static_cast<std::size_t>(r + 1)] - start[static_cast<std::size_t>(r)] : 0;
  };
  slice_rows_.resize(static_cast<std::size_t>(slices * kSlice));
  for (Index i = 0; i < slices * kSlice; ++i)
    slice_rows_[static_cast<std::size_t>(i)] = static_cast<std::int32_t>(std::min(i, rows_));
  std::stable_sort(slice_rows_.begin(), slice_rows_.end(),
                   [&](std::int32_t p, std::int32_t q) { return length(p) > length(q); });
  slice_start_.assign(static_cast<std::size_t>(slices + 1), 0);
  for (Index s = 0; s < slices; ++s)  // the first row of a slice is its longest
    slice_start_[static_cast<std::size_t>(s + 1)] =
        slice_start_[static_cast<std::size_t>(s)] + kSlice * length(slice_rows_[static_cast<std::size_t>(s * kSlice)]);
  std::vector<std::int32_t> slice_index(static_cast<std::size_t>(slice_start_.back()), static_cast<std::int32_t>(inner));
  if (valued) slice_values_.assign(slice_index.size(), 0.0);
  for (Index i = 0; i < slices * kSlice; ++i) {
    const Index r = slice_rows_[static_cast<std::size_t>(i)];
    if (r == rows_) continue;
    std::int64_t slot = slice_start_[static_cast<std::size_t>(i / kSlice)] + i % kSlice;
    for (auto k = static_cast<std::size_t>(start[static_cast<std::size_t>(r)]);
         k < static_cast<std::size_t>(start[static_cast<std::size_t>(r + 1)]); ++k, slot += kSlice) {
      slice_index[static_cast<std::size_t>(slot)] = index[k];
      if (valued) slice_values_[static_cast<std::size_t>(slot)] = values[k];
    }
  }
  slice_cols_ = pack_indices(slice_index, inner);
  // Columns, rows in increasing order within each; not built when A^T w scatters rows.
  const auto entries = static_cast<Index>(index.size());
  scatter_transpose_ = storage_ != ShardStorage::pattern_groups && entries < kMinEntriesPerColumnToGather * inner;
  if (scatter_transpose_) return;
  col_start_.assign(static_cast<std::size_t>(inner + 1), 0);
  for (std::int32_t c : index) ++col_start_[static_cast<std::size_t>(c + 1)];
  for (Index c = 0; c < inner; ++c) col_start_[static_cast<std::size_t>(c + 1)] += col_start_[static_cast<std::size_t>(c)];
  std::vector<std::int64_t> next(col_start_.begin(), col_start_.end() - 1);
  std::vector<std::int32_t> col_rows(static_cast<std::size_t>(entries));
  if (valued) col_values_.resize(col_rows.size());
  for (Index r = 0; r < rows_; ++r)
    for (auto k = static_cast<std::size_t>(start[static_cast<std::size_t>(r)]);
         k < static_cast<std::size_t>(start[static_cast<std::size_t>(r + 1)]); ++k) {
      const auto slot = static_cast<std::size_t>(next[static_cast<std::size_t>(index[k])]++);
      col_rows[slot] = static_cast<std::int32_t>(r);
      if (valued) col_values_[slot] = values[k];
    }
  col_rows_ = pack_indices(col_rows, rows_ - 1);
}

void ShardMatrix::prepare(const Vec& x, Vec& xp) const {
  switch (storage_) {
    case ShardStorage::dense:
      xp.setZero(round_up(cols_, kernels::kLanes));
      xp.head(cols_) = x;
      return;
    case ShardStorage::pattern_csr:
    case ShardStorage::pattern_groups:
      xp.resize(cols_ + 1);
      xp.head(cols_) = column_scale_.cwiseProduct(x);
      xp[cols_] = 0.0;
      return;
    case ShardStorage::csr:
      xp.resize(cols_ + 1);
      xp.head(cols_) = x;
      xp[cols_] = 0.0;
      return;
  }
}

// Row r's sum is the plain sum of its entries in column order, starting from +0.0; padding
// entries add +0.0 (x_pad = 0, value 0), which changes no sum that starts at +0.0 (a sum is
// -0.0 only when both terms are). So multiply() and row_dot() agree bit for bit.
// pattern_groups: the sum, in group order, of the row's sums within each group (each in
// column order from +0.0), which is what multiply() adds up from the codes' values d_k.
double ShardMatrix::row_dot(Index r, const Vec& xp) const {
  const double* v = xp.data();
  if (storage_ == ShardStorage::dense) {
    double m = 0.0;
    kernels::dense_margins(isa_, dense_.data() + r * stride_, 1, stride_, v, &m);
    return m;
  }
  const auto begin = static_cast<std::size_t>(row_start_[static_cast<std::size_t>(r)]);
  const auto end = static_cast<std::size_t>(row_start_[static_cast<std::size_t>(r + 1)]);
  double sum = 0.0;
  switch (storage_) {
    case ShardStorage::pattern_csr:
      for (std::size_t k = begin; k < end; ++k) sum += v[row_cols_[k]];
      return sum;
    case ShardStorage::pattern_groups: {
      std::size_t k = begin;
      for (auto q = static_cast<std::size_t>(run_start_[static_cast<std::size_t>(r)]);
           q < static_cast<std::size_t>(run_start_[static_cast<std::size_t>(r + 1)]); ++q) {
        double in_group = 0.0;
        for (const std::size_t run_end = k + static_cast<std::size_t>(runs_[q]); k < run_end; ++k)
          in_group += v[row_cols_[k]];
        sum += in_group;
      }
      return sum;
    }
    default:
      for (std::size_t k = begin; k < end; ++k) sum += row_values_[k] * v[row_cols_[k]];
      return sum;
  }
}

void ShardMatrix::multiply(const Vec& xp, double* margins) const {
  if (storage_ == ShardStorage::dense)
    return kernels::dense_margins(isa_, dense_.data(), rows_, stride_, xp.data(), margins);
  const double* v = xp.data();
  if (storage_ == ShardStorage::pattern_groups) {
    // d_n = d_parent + xp_col, parents first: the sum over n's pattern in column order.
    for (std::size_t n = 0; n < node_col_.size(); ++n) {
      const std::int32_t parent = node_parent_[n];
      node_values_[n] = (parent < 0 ? 0.0 : node_values_[static_cast<std::size_t>(parent)]) + v[node_col_[n]];
    }
    for (std::size_t k = 0; k < code_node_.size(); ++k)
      code_values_[k] = node_values_[static_cast<std::size_t>(code_node_[k])];
    v = code_values_.data();  // its last entry, the padding code's, stays 0
  }
  const Index slices = static_cast<Index>(slice_start_.size()) - 1;
  std::visit(
      [&](const auto& index) {
        if (pattern()) {
          slice_sums(slice_start_.data(), slices, index.data(), slice_rows_.data(), rows_, margins,
                     [v](std::int64_t, std::uint32_t c) { return v[c]; });
        } else {
          const double* values = slice_values_.data();
          slice_sums(slice_start_.data(), slices, index.data(), slice_rows_.data(), rows_, margins,
                     [v, values](std::int64_t k, std::uint32_t c) { return values[k] * v[c]; });
        }
      },
      slice_cols_);
}

void ShardMatrix::transpose_multiply(const double* w, Vec& out, Vec& scratch) const {
  if (storage_ == ShardStorage::dense) {
    scratch.resize(stride_);
    kernels::dense_transpose(isa_, dense_.data(), rows_, stride_, w, scratch.data());
    out = scratch.head(cols_);
    return;
  }
  if (scatter_transpose_) {
    // out = sum_r w_r a_r, rows in increasing order (pattern_csr: s ∘ sum_r w_r p_r).
    out.setZero(cols_);
    const bool pattern = storage_ == ShardStorage::pattern_csr;
    for (Index r = 0; r < rows_; ++r) {
      const auto end = static_cast<std::size_t>(row_start_[static_cast<std::size_t>(r + 1)]);
      for (auto k = static_cast<std::size_t>(row_start_[static_cast<std::size_t>(r)]); k < end; ++k)
        out[row_cols_[k]] += pattern ? w[r] : w[r] * row_values_[k];
    }
    if (pattern) out = out.cwiseProduct(column_scale_);
    return;
  }
  // The column sums of the stored matrix: A's columns, or for pattern_groups the codes' (C^T w).
  const Index inner = static_cast<Index>(col_start_.size()) - 1;
  Vec& sums = storage_ == ShardStorage::pattern_groups ? scratch : out;
  sums.resize(inner);
  std::visit(
      [&](const auto& col_rows) {
        const auto* rows = col_rows.data();
        for (Index c = 0; c < inner; ++c) {
          const Index begin = col_start_[static_cast<std::size_t>(c)], end = col_start_[static_cast<std::size_t>(c + 1)];
          if (pattern()) {
            sums[c] = sum8(rows, begin, end, [&](Index, std::uint32_t r) { return w[r]; });
          } else {
            const double* a = col_values_.data();
            sums[c] = sum8(rows, begin, end, [&](Index k, std::uint32_t r) { return a[k] * w[r]; });
          }
        }
      },
      col_rows_);
  if (storage_ == ShardStorage::pattern_groups) {
    // (A^T w)_c = sum of t_k over the codes k whose pattern holds c.
    out.resize(cols_);
    std::visit(
        [&](const auto& expand) {
          for (Index c = 0; c < cols_; ++c)
            out[c] = sum8(expand.data(), expand_start_[static_cast<std::size_t>(c)],
                          expand_start_[static_cast<std::size_t>(c + 1)], [&](Index, std::uint32_t k) { return sums[k]; });
        },
        expand_codes_);
  }
  if (pattern()) out = out.cwiseProduct(column_scale_);
}

void ShardMatrix::add_row(Index r, double w, Vec& out) const {
  if (storage_ == ShardStorage::dense) {
    const double* row = dense_.data() + r * stride_;
    for (Index c = 0; c < cols_; ++c) out[c] += w * row[c];
    return;
  }
  const auto end = static_cast<std::size_t>(row_start_[static_cast<std::size_t>(r + 1)]);
  for (auto k = static_cast<std::size_t>(row_start_[static_cast<std::size_t>(r)]); k < end; ++k) {
    const std::int32_t c = row_cols_[k];
    out[c] += w * (pattern() ? column_scale_[c] : row_values_[k]);
  }
}

}  // namespace marina

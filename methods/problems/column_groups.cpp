#include "methods/problems/column_groups.hpp"

namespace marina {
namespace {

// The open group: each row's pattern within it as a node id (0 = no entry yet), and per id
// its parent id, last column and number of rows having exactly that pattern. Only the rows
// with entries in the group are visited (`touched`), so that a group costs its entries, not
// the shard's rows: a wide shard may close a group at every column.
struct OpenGroup {
  std::vector<std::int32_t> id;
  std::vector<std::int32_t> touched;
  std::vector<std::int32_t> parent{-1};
  std::vector<std::int32_t> col{-1};
  std::vector<std::int64_t> rows_with;

  explicit OpenGroup(Index rows) : id(static_cast<std::size_t>(rows), 0), rows_with{rows} {}
  std::int64_t nodes() const { return static_cast<std::int64_t>(col.size()) - 1; }
  std::int64_t rows_touched() const { return static_cast<std::int64_t>(touched.size()); }
  void reset(Index rows) {
    for (std::int32_t r : touched) id[static_cast<std::size_t>(r)] = 0;
    touched.clear();
    parent.assign(1, -1);
    col.assign(1, -1);
    rows_with.assign(1, rows);
  }
};

double group_cost(std::int64_t rows_touched, std::int64_t nodes) {
  return static_cast<double>(rows_touched) + kGroupNodeCost * static_cast<double>(nodes);
}

}  // namespace

ColumnGroups group_columns(const SparseRows& a) {
  const Index rows = a.rows(), cols = a.cols();
  std::vector<std::vector<std::int32_t>> rows_of(static_cast<std::size_t>(cols));
  for (Index r = 0; r < a.outerSize(); ++r)
    for (SparseRows::InnerIterator it(a, r); it; ++it)
      rows_of[static_cast<std::size_t>(it.col())].push_back(static_cast<std::int32_t>(r));

  ColumnGroups out;
  out.group_of_column.assign(static_cast<std::size_t>(cols), 0);
  std::vector<std::vector<std::int32_t>> codes_of_row(static_cast<std::size_t>(rows));
  std::int32_t groups = 0;

  // Closes the group [lo, hi): keeps the ids that are some row's pattern and their
  // ancestors, numbered in id order (parents before children).
  auto close = [&](const OpenGroup& g, Index lo, Index hi) {
    std::vector<char> needed(g.col.size(), 0);
    for (std::size_t id = g.col.size(); id-- > 1;)
      if (g.rows_with[id] > 0 || needed[id]) {
        needed[id] = 1;
        if (g.parent[id] > 0) needed[static_cast<std::size_t>(g.parent[id])] = 1;
      }
    std::vector<std::int32_t> node_of(g.col.size(), -1);
    for (std::size_t id = 1; id < g.col.size(); ++id) {
      if (!needed[id]) continue;
      node_of[id] = static_cast<std::int32_t>(out.node_col.size());
      out.node_parent.push_back(g.parent[id] > 0 ? node_of[static_cast<std::size_t>(g.parent[id])] : -1);
      out.node_col.push_back(g.col[id]);
    }
    for (std::int32_t r : g.touched)
      codes_of_row[static_cast<std::size_t>(r)].push_back(node_of[static_cast<std::size_t>(g.id[static_cast<std::size_t>(r)])]);
    for (Index c = lo; c < hi; ++c) out.group_of_column[static_cast<std::size_t>(c)] = groups;
    ++groups;
  };

  Index lo = 0;
  OpenGroup g(rows);
  std::vector<std::int64_t> moving{0};  // per id: rows of that pattern having column c
  std::vector<std::int32_t> grown{0};   // per id: the id of that pattern plus column c
  for (Index c = 0; c < cols; ++c) {
    const auto& in_c = rows_of[static_cast<std::size_t>(c)];
    moving.resize(g.col.size(), 0);
    grown.resize(g.col.size(), 0);
    // Column c added to the group: each pattern some of whose rows have c gets a child.
    std::int64_t touched = g.rows_touched(), nodes = g.nodes();
    for (std::int32_t r : in_c) {
      const auto id = static_cast<std::size_t>(g.id[static_cast<std::size_t>(r)]);
      if (id == 0) ++touched;
      if (moving[id]++ == 0) ++nodes;
    }
    const double apart = group_cost(static_cast<std::int64_t>(in_c.size()), in_c.empty() ? 0 : 1);
    const bool join = c == lo || group_cost(touched, nodes) <= group_cost(g.rows_touched(), g.nodes()) + apart;
    // New ids in order of first appearance among column c's rows (increasing row numbers).
    for (std::int32_t r : in_c) {
      const auto id = static_cast<std::size_t>(g.id[static_cast<std::size_t>(r)]);
      if (!join || moving[id] == 0) continue;
      grown[id] = static_cast<std::int32_t>(g.col.size());
      g.parent.push_back(static_cast<std::int32_t>(id));
      g.col.push_back(static_cast<std::int32_t>(c));
      g.rows_with.push_back(moving[id]);
      g.rows_with[id] -= moving[id];
      moving[id] = 0;  // done; also leaves `moving` all zero for the next column
    }
    for (std::int32_t r : in_c) moving[static_cast<std::size_t>(g.id[static_cast<std::size_t>(r)])] = 0;
    if (!join) {
      close(g, lo, c);
      lo = c;
      g.reset(rows);
      --c;  // column c opens the next group
      continue;
    }
    for (std::int32_t r : in_c) {
      auto& id = g.id[static_cast<std::size_t>(r)];
      if (id == 0) g.touched.push_back(r);
      id = grown[static_cast<std::size_t>(id)];
    }
  }
  if (cols > 0) close(g, lo, cols);

  for (Index r = 0; r < rows; ++r) {
    const auto& codes = codes_of_row[static_cast<std::size_t>(r)];
    out.row_codes.insert(out.row_codes.end(), codes.begin(), codes.end());
    out.row_start.push_back(static_cast<std::int64_t>(out.row_codes.size()));
  }
  return out;
}

}  // namespace marina

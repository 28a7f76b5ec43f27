#include "methods/algorithms/message.hpp"

#include <cassert>

namespace marina {

Message Message::empty_message(std::uint64_t flag_bits) {
  Message m;
  m.bits = flag_bits;
  return m;
}

Message Message::dense_vector(Vec v, std::uint64_t bits) {
  Message m;
  m.kind = Kind::dense;
  m.dim = v.size();
  m.dense = std::move(v);
  m.bits = bits;
  return m;
}

Message Message::sparse_vector(Index dim, std::vector<Index> idx, std::vector<double> val,
                               std::uint64_t bits) {
  assert(idx.size() == val.size());
  Message m;
  m.kind = Kind::sparse;
  m.dim = dim;
  m.indices = std::move(idx);
  m.values = std::move(val);
  m.bits = bits;
  return m;
}

Index Message::nonzeros() const {
  switch (kind) {
    case Kind::empty: return 0;
    case Kind::dense: return dim;
    case Kind::sparse: return static_cast<Index>(indices.size());
  }
  return 0;
}

void Message::add_to(Vec& acc, double scale) const {
  switch (kind) {
    case Kind::empty: return;
    case Kind::dense:
      assert(acc.size() == dim);
      acc += scale * dense;
      return;
    case Kind::sparse:
      assert(acc.size() == dim);
      for (std::size_t j = 0; j < indices.size(); ++j) acc[indices[j]] += scale * values[j];
      return;
  }
}

Vec Message::to_dense() const {
  Vec out = Vec::Zero(dim);
  add_to(out);
  return out;
}

}  // namespace marina

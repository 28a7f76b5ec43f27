#include "methods/algorithms/marina_downlink.hpp"

#include <algorithm>
#include <numeric>

#include "methods/compressors/identity.hpp"

namespace marina {

std::vector<Index> union_of_supports(std::span<const Uplink> uplinks, Index dim) {
  std::vector<Index> support;
  for (const Uplink& u : uplinks) {
    const Message& m = u.message;
    if (m.kind == Message::Kind::dense) {
      support.resize(static_cast<std::size_t>(dim));
      std::iota(support.begin(), support.end(), Index{0});
      return support;
    }
    if (m.kind == Message::Kind::sparse) support.insert(support.end(), m.indices.begin(), m.indices.end());
  }
  std::sort(support.begin(), support.end());
  support.erase(std::unique(support.begin(), support.end()), support.end());
  return support;
}

Message compressed_round_update(const Vec& held, const Vec& mean, std::span<const Uplink> uplinks,
                                const WireFormat& wire) {
  const Index d = mean.size();
  std::vector<Index> support = union_of_supports(uplinks, d);
  const auto k = static_cast<Index>(support.size());
  const std::uint64_t sparse_bits = wire.explicit_sparse_bits(d, k);
  if (sparse_bits > wire.dense_bits(d)) return encode_dense(held + mean, wire);  // g^{k+1} in full
  std::vector<double> values(support.size());
  for (std::size_t j = 0; j < support.size(); ++j) values[j] = wire.round(mean[support[j]]);
  return Message::sparse_vector(d, std::move(support), std::move(values), sparse_bits);
}

Message unchanged_update(Index dim, const WireFormat& wire) {
  return Message::sparse_vector(dim, {}, {}, wire.explicit_sparse_bits(dim, 0));
}

void apply_update(const Message& update, Vec& g) {
  switch (update.kind) {
    case Message::Kind::empty: return;
    case Message::Kind::dense: g = update.dense; return;
    case Message::Kind::sparse: update.add_to(g); return;  // g^{k+1} = g^k + A^k
  }
}

}  // namespace marina

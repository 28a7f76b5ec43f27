#include "methods/compressors/rand_k.hpp"

#include "methods/common/input_error.hpp"
#include "methods/compressors/compressor_registry.hpp"

#include <algorithm>
#include <boost/random/uniform_int_distribution.hpp>
#include <cassert>

namespace marina {

std::vector<Index> sample_subset(Index d, Index k, Rng& rng, std::vector<char>& marker) {
  assert(0 < k && k <= d);
  // The marker stays all-zero between calls, so a call costs O(k), not O(d).
  if (marker.size() != static_cast<std::size_t>(d)) marker.assign(static_cast<std::size_t>(d), 0);
  std::vector<Index> subset;
  subset.reserve(static_cast<std::size_t>(k));
  // Floyd: for j = d-k .. d-1 draw t in [0, j]; take t unless already taken, else take j.
  for (Index j = d - k; j < d; ++j) {
    boost::random::uniform_int_distribution<Index> draw(0, j);
    Index t = draw(rng);
    if (marker[static_cast<std::size_t>(t)]) t = j;
    marker[static_cast<std::size_t>(t)] = 1;
    subset.push_back(t);
  }
  for (Index t : subset) marker[static_cast<std::size_t>(t)] = 0;
  std::sort(subset.begin(), subset.end());
  return subset;
}

RandKCompressor::RandKCompressor(Index dim, Index k, WireFormat wire)
    : dim_(dim), k_(k), wire_(wire) {
  assert(1 <= k && k <= dim);
}

double RandKCompressor::omega(Index d) const {
  return static_cast<double>(d) / static_cast<double>(k_) - 1.0;
}

double RandKCompressor::expected_density(Index) const { return static_cast<double>(k_); }

Message RandKCompressor::encode(const Vec& x, Rng& rng, const CompressionContext&) const {
  assert(x.size() == dim_);
  std::vector<Index> support = sample_subset(dim_, k_, rng, chosen_);
  const double scale = static_cast<double>(dim_) / static_cast<double>(k_);
  std::vector<double> values(support.size());
  for (std::size_t j = 0; j < support.size(); ++j) values[j] = wire_.round(scale * x[support[j]]);
  const std::uint64_t bits = wire_.sparse_bits(dim_, k_, /*support_from_seed=*/true);
  return Message::sparse_vector(dim_, std::move(support), std::move(values), bits);
}

CompressorDescription describe_rand_k() {
  CompressorDescription c;
  c.name = "rand_k";
  c.title = "Rand-K";
  c.summary = "k coordinates drawn uniformly, scaled by d/k (paper-notes §4.2)";
  c.unbiased = true;
  c.reads = {{"compressor.k", ""}};
  c.make = [](const CompressorSpec& spec, Index dim, const WireFormat& wire) -> std::unique_ptr<Compressor> {
    check_k_in_range(spec, dim);
    return std::make_unique<RandKCompressor>(dim, spec.k, wire);
  };
  return c;
}

}  // namespace marina

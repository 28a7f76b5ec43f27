#include "methods/compressors/top_k.hpp"

#include "methods/common/input_error.hpp"
#include "methods/compressors/compressor_registry.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

namespace marina {

TopKCompressor::TopKCompressor(Index dim, Index k, WireFormat wire) : dim_(dim), k_(k), wire_(wire) {
  assert(1 <= k && k <= dim);
}

double TopKCompressor::omega(Index) const { return std::numeric_limits<double>::quiet_NaN(); }

// Keeping the K largest of d squared entries removes at least a fraction K/d of ||x||^2.
double TopKCompressor::alpha(Index d) const { return static_cast<double>(k_) / static_cast<double>(d); }

double TopKCompressor::expected_density(Index) const { return static_cast<double>(k_); }

Message TopKCompressor::encode(const Vec& x, Rng&, const CompressionContext&) const {
  assert(x.size() == dim_);
  std::vector<Index> order(static_cast<std::size_t>(dim_));
  std::iota(order.begin(), order.end(), Index{0});
  // A strict total order: larger magnitude first, then lower index, so ties are deterministic.
  // NaN counts as the largest magnitude (kept, so a diverging run stays visible) and keeps
  // the order a valid one for nth_element.
  const auto magnitude = [&x](Index j) {
    return std::isnan(x[j]) ? std::numeric_limits<double>::infinity() : std::abs(x[j]);
  };
  const auto before = [&magnitude](Index a, Index b) {
    const double ma = magnitude(a), mb = magnitude(b);
    return ma > mb || (ma == mb && a < b);
  };
  const auto kth = order.begin() + static_cast<std::ptrdiff_t>(k_);
  std::nth_element(order.begin(), kth - 1, order.end(), before);
  std::vector<Index> support(order.begin(), kth);
  std::sort(support.begin(), support.end());  // messages list their support ascending
  std::vector<double> values(support.size());
  for (std::size_t j = 0; j < support.size(); ++j) values[j] = wire_.round(x[support[j]]);
  const std::uint64_t bits = wire_.sparse_bits(dim_, k_, /*support_from_seed=*/false);
  return Message::sparse_vector(dim_, std::move(support), std::move(values), bits);
}

CompressorDescription describe_top_k() {
  CompressorDescription c;
  c.name = "top_k";
  c.title = "Top-K";
  c.summary = "the k largest coordinates in magnitude; biased, contractive with alpha = k/d (paper-notes §4.5)";
  c.unbiased = false;
  c.reads = {{"compressor.k", ""}};
  c.make = [](const CompressorSpec& spec, Index dim, const WireFormat& wire) -> std::unique_ptr<Compressor> {
    check_k_in_range(spec, dim);
    // TopK's support depends on the data, so the receiver cannot regenerate it.
    if (wire.indices == IndexEncoding::none && !wire.paper_accounting)
      throw InputError("",
                       "wire.indices = none needs indices regenerated from a shared seed (rand_k, perm_k); "
                       "top_k sends data-dependent indices");
    return std::make_unique<TopKCompressor>(dim, spec.k, wire);
  };
  return c;
}

}  // namespace marina

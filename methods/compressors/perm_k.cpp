#include "methods/compressors/perm_k.hpp"

#include "methods/common/input_error.hpp"
#include "methods/compressors/compressor_registry.hpp"

#include <algorithm>
#include <boost/random/uniform_int_distribution.hpp>
#include <cassert>
#include <numeric>
#include <stdexcept>
#include <string>

namespace marina {

PermKBlock perm_k_block(Index d, int workers, int worker) {
  assert(1 <= workers && workers <= d && 0 <= worker && worker < workers);
  const Index n = workers, i = worker;
  const Index q = d / n, extra = d % n;  // the first `extra` blocks have q + 1 coordinates
  const Index begin = i * q + std::min(i, extra);
  return {begin, begin + q + (i < extra ? 1 : 0)};
}

std::vector<Index> shared_permutation_prefix(Index d, Index prefix, std::uint64_t seed) {
  assert(0 <= prefix && prefix <= d);
  Rng rng(seed);
  std::vector<Index> pi(static_cast<std::size_t>(d));
  std::iota(pi.begin(), pi.end(), Index{0});
  // Forward Fisher-Yates; the last position needs no draw (it is forced).
  for (Index p = 0; p < std::min(prefix, d - 1); ++p) {
    boost::random::uniform_int_distribution<Index> draw(p, d - 1);
    std::swap(pi[static_cast<std::size_t>(p)], pi[static_cast<std::size_t>(draw(rng))]);
  }
  pi.resize(static_cast<std::size_t>(prefix));
  return pi;
}

PermKCompressor::PermKCompressor(Index dim, int workers, WireFormat wire) : dim_(dim), workers_(workers), wire_(wire) {
  assert(1 <= workers && workers <= dim);
}

// sup_i (d/q_i - 1) is reached by the smallest block, q_min = floor(d/n).
double PermKCompressor::omega(Index d) const {
  const Index q_min = d / workers_;
  return static_cast<double>(d) / static_cast<double>(q_min) - 1.0;
}

// sup_x ||C_i(x)||_0 over workers: the largest block, ceil(d/n).
double PermKCompressor::expected_density(Index d) const { return static_cast<double>((d + workers_ - 1) / workers_); }

Message PermKCompressor::encode(const Vec& x, Rng&, const CompressionContext& ctx) const {
  assert(x.size() == dim_);
  if (ctx.workers != workers_ || ctx.worker < 0 || ctx.worker >= ctx.workers)
    throw std::invalid_argument("perm_k built for " + std::to_string(workers_) + " workers got worker " +
                                std::to_string(ctx.worker) + " of " + std::to_string(ctx.workers));
  const PermKBlock block = perm_k_block(dim_, workers_, ctx.worker);
  const std::vector<Index> pi = shared_permutation_prefix(dim_, block.end, ctx.shared_seed);
  std::vector<Index> support(pi.begin() + block.begin, pi.end());
  std::sort(support.begin(), support.end());  // messages list their support ascending
  // Scale d/q_i (= n when n divides d) makes C_i unbiased: P(j in block i) = q_i/d.
  const double scale = static_cast<double>(dim_) / static_cast<double>(block.size());
  std::vector<double> values(support.size());
  for (std::size_t j = 0; j < support.size(); ++j) values[j] = wire_.round(scale * x[support[j]]);
  const std::uint64_t bits = wire_.sparse_bits(dim_, block.size(), /*support_from_seed=*/true);
  return Message::sparse_vector(dim_, std::move(support), std::move(values), bits);
}

CompressorDescription describe_perm_k() {
  CompressorDescription c;
  c.name = "perm_k";
  c.title = "Perm-K";
  c.summary = "one shared permutation per round splits [d] among the workers (correlated; paper-notes §4.5)";
  c.unbiased = true;
  c.reads = {};
  c.make = [](const CompressorSpec& spec, Index dim, const WireFormat& wire) -> std::unique_ptr<Compressor> {
    // The blocks partition [d] among the workers, so each needs at least one coordinate.
    if (spec.workers < 1 || dim < spec.workers)
      throw InputError("", "compressor.name = perm_k needs 1 <= split.workers <= d, got split.workers = " +
                               std::to_string(spec.workers) + " and d = " + std::to_string(dim));
    return std::make_unique<PermKCompressor>(dim, spec.workers, wire);
  };
  return c;
}

}  // namespace marina

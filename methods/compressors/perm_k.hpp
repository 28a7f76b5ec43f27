// PermK (Szlendak, Tyurin, Richtárik 2021; paper-notes §4.5): one random permutation pi of
// [d], shared by all n workers through CompressionContext::shared_seed; worker i sends the
// coordinates of block i of pi, scaled so that its own C_i is unbiased.
//
// When n divides d every block has q = d/n coordinates and the scale is n, so
//   C_i(x) = n * sum_{j in block i} x_{pi_j} e_{pi_j},   C_i in U(n - 1),
// and for a common input (1/n) sum_i C_i(x) = x exactly (the blocks partition [d]).
// When n does not divide d the first d mod n blocks hold ceil(d/n) coordinates and the rest
// floor(d/n) (as in the DASHA code); block i is scaled by d/q_i. Each C_i is still unbiased,
// since a coordinate lands in block i with probability q_i/d, but (1/n) sum_i C_i(x) = x no
// longer holds exactly: coordinates in larger blocks get a smaller scale.
//   omega = d/q_min - 1 with q_min = floor(d/n) (the sup over workers), zeta = ceil(d/n).
// The indices are regenerated from the shared seed, so IndexEncoding::none is valid.
#pragma once

#include <cstdint>
#include <vector>

#include "methods/compressors/compressor.hpp"

namespace marina {

class PermKCompressor final : public Compressor {
 public:
  // Requires 1 <= workers <= dim (make_compressor reports violations as InputError).
  PermKCompressor(Index dim, int workers, WireFormat wire);
  std::string name() const override { return "perm_k"; }
  bool unbiased() const override { return true; }
  double omega(Index d) const override;
  bool correlated() const override { return true; }
  double expected_density(Index d) const override;
  std::unique_ptr<Compressor> clone() const override {
    return std::make_unique<PermKCompressor>(dim_, workers_, wire_);
  }
  int workers() const { return workers_; }

 private:
  // Uses only ctx (worker, workers, shared_seed), never rng: every worker must derive the
  // same permutation. ctx.workers must equal the workers the compressor was built for.
  Message encode(const Vec& x, Rng& rng, const CompressionContext& ctx) const override;
  Index dim_;
  int workers_;
  WireFormat wire_;
};

// Worker i's block of the shared permutation: the positions [begin, end) of pi, where the
// first d mod n blocks have one coordinate more than the others.
struct PermKBlock {
  Index begin = 0;
  Index end = 0;
  Index size() const { return end - begin; }
};
PermKBlock perm_k_block(Index d, int workers, int worker);

// The first `prefix` entries of the permutation pi of {0..d-1} drawn from `seed` by the
// forward Fisher-Yates shuffle (step p swaps position p with a uniform position in [p, d)).
// Step p fixes pi_p for good, so every prefix agrees with the full permutation.
std::vector<Index> shared_permutation_prefix(Index d, Index prefix, std::uint64_t seed);

struct CompressorDescription;
CompressorDescription describe_perm_k();

}  // namespace marina

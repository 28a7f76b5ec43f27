// A compressor maps a vector to a message (values already rounded to the wire precision,
// bits exact). Unbiased compressors are in U(omega): E[Q(x)] = x and
// E||Q(x) - x||^2 <= omega ||x||^2 (paper-notes §4.1); zeta is the expected density.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "methods/algorithms/message.hpp"
#include "methods/common/types.hpp"
#include "methods/compressors/wire_format.hpp"

namespace marina {

// What a worker knows when it compresses, beyond its own random stream: its index, the
// number of workers and a seed shared by all workers for this round. Independent
// compressors ignore it; correlated ones (PermK) draw their common permutation from it.
struct CompressionContext {
  int worker = 0;
  int workers = 1;
  std::uint64_t shared_seed = 0;
};

class Compressor {
 public:
  virtual ~Compressor() = default;
  virtual std::string name() const = 0;
  virtual bool unbiased() const = 0;
  // Unbiased compressors: the variance parameter omega of U(omega) for dimension d.
  virtual double omega(Index d) const = 0;
  // Contractive parameter alpha: E||C(x) - x||^2 <= (1 - alpha) ||x||^2. For an unbiased
  // Q in U(omega), this is the alpha = 1/(1+omega) of the scaled Q/(1+omega) that EF21
  // uses (paper-notes §2.9).
  virtual double alpha(Index d) const { return 1.0 / (1.0 + omega(d)); }
  // Whether every worker must use the same CompressionContext::shared_seed each round.
  virtual bool correlated() const { return false; }
  // Expected number of values sent, zeta_Q = sup_x E||Q(x)||_0.
  virtual double expected_density(Index d) const = 0;
  // Compress x; randomness comes only from rng (and ctx.shared_seed), so streams stay
  // reproducible. Values are rounded to the wire precision and bits are exact.
  Message compress(const Vec& x, Rng& rng, const CompressionContext& ctx = {}) const {
    return encode(x, rng, ctx);
  }
  // A fresh instance with the same parameters (each worker owns one: no shared scratch).
  virtual std::unique_ptr<Compressor> clone() const = 0;

 private:
  virtual Message encode(const Vec& x, Rng& rng, const CompressionContext& ctx) const = 0;
};

struct CompressorSpec {
  std::string name = "rand_k";
  Index k = 1;        // RandK, TopK: coordinates kept
  int levels = 1;     // random dithering / QSGD and natural dithering: s
  int workers = 1;    // PermK: the blocks partition [d] among the workers
};

// Validates the spec against the dimension (1 <= k <= d) and builds the compressor.
std::unique_ptr<Compressor> make_compressor(const CompressorSpec& spec, Index dim,
                                            const WireFormat& wire);

}  // namespace marina

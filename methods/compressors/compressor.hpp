// A compressor maps a vector to a message (values already rounded to the wire precision,
// bits exact). Unbiased compressors are in U(omega): E[Q(x)] = x and
// E||Q(x) - x||^2 <= omega ||x||^2 (paper-notes §4.1); zeta is the expected density.
#pragma once

#include <memory>
#include <string>

#include "methods/algorithms/message.hpp"
#include "methods/common/types.hpp"
#include "methods/compressors/wire_format.hpp"

namespace marina {

class Compressor {
 public:
  virtual ~Compressor() = default;
  virtual std::string name() const = 0;
  virtual bool unbiased() const = 0;
  // Variance parameter omega of U(omega) for vectors of dimension d.
  virtual double omega(Index d) const = 0;
  // Expected number of values sent, zeta_Q = sup_x E||Q(x)||_0.
  virtual double expected_density(Index d) const = 0;
  // Compress x; randomness comes only from rng, so streams stay reproducible.
  virtual Message compress(const Vec& x, Rng& rng) const = 0;
  // A fresh instance with the same parameters (each worker owns one: no shared scratch).
  virtual std::unique_ptr<Compressor> clone() const = 0;
};

struct CompressorSpec {
  std::string name = "rand_k";
  Index k = 1;
};

// Validates the spec against the dimension (1 <= k <= d) and builds the compressor.
std::unique_ptr<Compressor> make_compressor(const CompressorSpec& spec, Index dim,
                                            const WireFormat& wire);

}  // namespace marina

#include "methods/common/input_error.hpp"
#include "methods/compressors/compressor.hpp"
#include "methods/compressors/identity.hpp"
#include "methods/compressors/rand_k.hpp"

namespace marina {

std::unique_ptr<Compressor> make_compressor(const CompressorSpec& spec, Index dim,
                                            const WireFormat& wire) {
  if (spec.name == "identity") return std::make_unique<IdentityCompressor>(wire);
  if (spec.name == "rand_k") {
    if (spec.k < 1 || spec.k > dim)
      throw InputError("", "compressor.k = " + std::to_string(spec.k) +
                               " is out of range (expected 1 <= k <= d = " + std::to_string(dim) + ")");
    return std::make_unique<RandKCompressor>(dim, spec.k, wire);
  }
  throw InputError("", "unknown compressor '" + spec.name + "' (expected identity or rand_k)");
}

}  // namespace marina

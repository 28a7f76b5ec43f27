// Builds the uplink compressor named in the scenario, checking its parameters against the
// dimension, the number of workers and the wire format. Errors name the scenario keys
// (compressor.*, split.workers, wire.indices) so that the user knows what to change.
#include <string>

#include "methods/common/input_error.hpp"
#include "methods/compressors/compressor.hpp"
#include "methods/compressors/identity.hpp"
#include "methods/compressors/natural_compression.hpp"
#include "methods/compressors/natural_dithering.hpp"
#include "methods/compressors/perm_k.hpp"
#include "methods/compressors/rand_k.hpp"
#include "methods/compressors/random_dithering.hpp"
#include "methods/compressors/top_k.hpp"

namespace marina {
namespace {

void check_k(const CompressorSpec& spec, Index dim) {
  if (spec.k < 1 || spec.k > dim)
    throw InputError("", "compressor.k = " + std::to_string(spec.k) +
                             " is out of range (expected 1 <= k <= d = " + std::to_string(dim) + ")");
}

void check_levels(const CompressorSpec& spec) {
  if (spec.levels < 1)
    throw InputError("", "compressor.levels = " + std::to_string(spec.levels) + " is out of range (expected s >= 1)");
}

}  // namespace

std::unique_ptr<Compressor> make_compressor(const CompressorSpec& spec, Index dim, const WireFormat& wire) {
  if (spec.name == "identity") return std::make_unique<IdentityCompressor>(wire);
  if (spec.name == "rand_k") {
    check_k(spec, dim);
    return std::make_unique<RandKCompressor>(dim, spec.k, wire);
  }
  if (spec.name == "perm_k") {
    // The blocks partition [d] among the workers, so each needs at least one coordinate.
    if (spec.workers < 1 || dim < spec.workers)
      throw InputError("", "compressor.name = perm_k needs 1 <= split.workers <= d, got split.workers = " +
                               std::to_string(spec.workers) + " and d = " + std::to_string(dim));
    return std::make_unique<PermKCompressor>(dim, spec.workers, wire);
  }
  if (spec.name == "top_k") {
    check_k(spec, dim);
    // TopK's support depends on the data, so the receiver cannot regenerate it.
    if (wire.indices == IndexEncoding::none && !wire.paper_accounting)
      throw InputError("",
                       "wire.indices = none needs indices regenerated from a shared seed (rand_k, perm_k); "
                       "top_k sends data-dependent indices");
    return std::make_unique<TopKCompressor>(dim, spec.k, wire);
  }
  if (spec.name == "qsgd") {
    check_levels(spec);
    return std::make_unique<RandomDitheringCompressor>(dim, spec.levels, wire);
  }
  if (spec.name == "natural") return std::make_unique<NaturalCompressor>(wire);
  if (spec.name == "natural_dithering") {
    check_levels(spec);
    return std::make_unique<NaturalDitheringCompressor>(dim, spec.levels, wire);
  }
  throw InputError("", "compressor.name = '" + spec.name +
                           "' is unknown (expected identity, rand_k, perm_k, top_k, qsgd, natural or "
                           "natural_dithering)");
}

}  // namespace marina

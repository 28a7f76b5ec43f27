// The built-in compressors. A new compressor is a file pair in this folder with its
// describe_<name>() and one line here; its place in the list is its place in
// `marina-sim keys` and in every message that lists the compressors.
#include "methods/compressors/compressor_registry.hpp"
#include "methods/compressors/identity.hpp"
#include "methods/compressors/natural_compression.hpp"
#include "methods/compressors/natural_dithering.hpp"
#include "methods/compressors/perm_k.hpp"
#include "methods/compressors/rand_k.hpp"
#include "methods/compressors/random_dithering.hpp"
#include "methods/compressors/top_k.hpp"

namespace marina {

std::vector<CompressorDescription> builtin_compressors() {
  return {
      describe_identity(), describe_rand_k(),  describe_perm_k(),           describe_top_k(),
      describe_qsgd(),     describe_natural(), describe_natural_dithering(),
  };
}

}  // namespace marina

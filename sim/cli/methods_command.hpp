// `marina-sim methods`: what the registries hold — every method, compressor and problem with
// what it declares about itself (docs/extending.md), so that a researcher who registered their
// own can see it arrived as intended.
#pragma once

namespace marina {

int methods_command();

}  // namespace marina

// `marina-sim theory SCENARIO`: the smoothness constants of the scenario's problem, the
// compressor's omega / zeta / alpha, and for every method the parameters the theory
// prescribes (p, alpha, gamma, gamma L) beside its Table A complexity.
#pragma once

#include <string>
#include <vector>

namespace marina {

int theory_command(const std::string& scenario_path, const std::vector<std::string>& overrides);

}  // namespace marina

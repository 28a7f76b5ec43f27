// The scenario keys several methods share (step size, p, alpha, minibatches, clients, ...):
// their schema rows and, for those only some methods read, the rule an error follows when a
// method that does not read one is given it. Which methods read which key is declared by each
// method (MethodDescription::reads), never here.
#pragma once

#include <vector>

#include "methods/common/key_readers.hpp"
#include "methods/common/key_spec.hpp"

namespace marina {

// In the order `marina-sim keys` lists them, after method.name.
const std::vector<KeySpec>& shared_method_key_rows();
// In the order the consistency checks apply them.
const std::vector<SelectiveKeyRule>& shared_method_key_rules();

}  // namespace marina

// Every key a scenario may contain: its type, default, admissible values and one line of help.
// The loader, the resolved-scenario writer and the error messages are all driven by this table,
// so adding a key means adding one row in scenario_schema.cpp and nothing else. The problem,
// method and compressor tables come from the registries in methods/: a method, compressor or
// problem declares its own keys (docs/extending.md).
#pragma once

#include <vector>

#include "methods/common/key_spec.hpp"
#include "methods/common/key_value.hpp"

namespace marina {

const std::vector<KeySpec>& scenario_schema();
const KeySpec* find_key(const std::string& key);  // nullptr if unknown

}  // namespace marina

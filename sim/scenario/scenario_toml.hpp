// Reading a scenario's TOML text onto the schema. This is the only place that knows toml++.
#pragma once

#include <string>
#include <vector>

#include "sim/scenario/scenario_schema.hpp"

namespace marina {

struct AssignedValue {
  const KeySpec* spec;
  ScenarioValue value;  // converted and checked against spec
  long line;            // line of the key in the file
};

// Throws InputError(origin, line, ...) on a syntax error, or for the first problem in file
// order (unknown key or table, wrong type, out of range, bad choice), so that the user fixes
// errors top to bottom.
std::vector<AssignedValue> read_scenario_toml(const std::string& text, const std::string& origin);

}  // namespace marina

// Every key a scenario may contain: its type, default, admissible values and one line of help.
// The loader, the resolved-scenario writer and the error messages are all driven by this table,
// so adding a key means adding one row in scenario_schema.cpp and nothing else.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/scenario/scenario_value.hpp"

namespace marina {

// Same order as the alternatives of ScenarioValue.
enum class ValueType { boolean, integer, real, string, real_list, param };

struct KeySpec {
  std::string key;  // dotted path
  ValueType type;
  ScenarioValue default_value;
  std::string help;                   // one line
  std::vector<std::string> choices;   // for strings: allowed values (empty = any)
  std::vector<std::string> keywords;  // for params: allowed keywords, e.g. {"theory"}
  // Numeric range, inclusive unless the flags say otherwise. Applies to integers, reals, each
  // element of a real_list, and the plain-number form of a param.
  std::optional<double> min, max;
  bool min_exclusive = false, max_exclusive = false;
};

const std::vector<KeySpec>& scenario_schema();
const KeySpec* find_key(const std::string& key);  // nullptr if unknown

}  // namespace marina

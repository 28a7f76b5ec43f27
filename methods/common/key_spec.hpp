// One scenario key: its type, default, admissible values and one line of help. The simulator's
// schema (sim/scenario/scenario_schema.cpp) is a list of these; the keys that belong to a method,
// a compressor or a problem are declared next to it in methods/ with the same builders, so the
// simulator learns them without naming any method.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "methods/common/key_value.hpp"

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

// Bounds of a numeric key, written the way a table of keys reads best.
struct Range {
  std::optional<double> min, max;
  bool min_exclusive = false, max_exclusive = false;
};
Range at_least(double lo);
Range above(double lo);
Range closed(double lo, double hi);
Range open_closed(double lo, double hi);

KeySpec flag_key(std::string key, bool def, std::string help);
KeySpec integer_key(std::string key, std::int64_t def, std::string help, Range r);
KeySpec real_key(std::string key, double def, std::string help, Range r);
KeySpec reals_key(std::string key, std::string help, Range element_range);
KeySpec text_key(std::string key, std::string def, std::string help, std::vector<std::string> choices = {});
// A param defaults to its (first) keyword: the value the theory prescribes.
KeySpec param_key(std::string key, std::vector<std::string> keywords, std::string help, Range r);

}  // namespace marina

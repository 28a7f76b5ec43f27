// Turning user text into typed scenario values and checking them against their KeySpec.
// Problems are thrown as ValueProblem, which knows what is wrong but not where: the TOML reader
// and the --set handler catch it and add the file and line (or "--set") as an InputError.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "sim/scenario/scenario_schema.hpp"

namespace marina {

struct ValueProblem {
  // type: the value has the wrong shape ("expected an integer, got 10.5");
  // constraint: right shape, inadmissible value ("must be >= 1, got 0").
  enum class Kind { type, constraint };
  Kind kind;
  std::string expected;
  std::string got;                      // value as the user wrote it, may be empty
  std::optional<std::size_t> element;   // index of the offending element of a real_list
  std::string hint;                     // e.g. "did you mean \"theory\"?"
};

// What a value of this key looks like, for messages: "an integer", "true or false", ...
std::string expected_shape(const KeySpec& spec);

// Message for a problem found in a file: "run.rounds must be >= 1, got 0".
std::string file_problem_message(const KeySpec& spec, const ValueProblem& problem);
// Message for a problem found in `--set assignment`: "compressor.k=abc: expected an integer".
std::string override_problem_message(const std::string& assignment, const KeySpec& spec,
                                     const ValueProblem& problem);

// The whole text must be a decimal number (leading '+' allowed; nan and inf parse too, callers
// decide about finiteness); nullopt if not.
std::optional<double> parse_number(const std::string& text);

// Number, KW, KW*x or x*KW for KW in spec.keywords. Throws ValueProblem.
Param parse_param(const KeySpec& spec, const std::string& text);

// --set value text to a value of the key's type, without the range/choice checks.
ScenarioValue value_from_text(const KeySpec& spec, const std::string& text);

// Range, choices, finiteness. Throws ValueProblem.
void check_constraints(const KeySpec& spec, const ScenarioValue& value);

std::string trim(const std::string& s);

}  // namespace marina

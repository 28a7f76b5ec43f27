// Scenario values as text: TOML literals for the resolved scenario, short forms for messages.
// Numbers use the shortest text that reads back to the same double, so that writing a resolved
// scenario and loading it again gives bit-identical values, and the text is the same on every run.
#pragma once

#include <string>

#include "methods/common/key_value.hpp"

namespace marina {

std::string format_real(double v);           // "0.5", "1e-06", "3" (message form)
std::string toml_string(const std::string& s);  // quoted and escaped TOML basic string
std::string param_text(const Param& p);       // "0.01", "theory", "theory*2"
std::string toml_literal(const ScenarioValue& v);

}  // namespace marina

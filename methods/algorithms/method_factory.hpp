// Builds a method by name; the one place that maps scenario names to method classes.
#pragma once

#include <string>
#include <vector>

#include "methods/algorithms/method_context.hpp"
#include "methods/algorithms/protocol.hpp"

namespace marina {

const std::vector<std::string>& method_names();
// Throws InputError for an unknown name.
MethodInstance make_method(const MethodSpec& spec, const MethodContext& ctx);

}  // namespace marina

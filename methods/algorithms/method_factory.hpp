// Builds a method by name; the one place that maps scenario names to method classes.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "methods/algorithms/method_context.hpp"
#include "methods/algorithms/protocol.hpp"

namespace marina {

using MethodFactory = std::function<MethodInstance(const MethodSpec&, const MethodContext&)>;

const std::vector<std::string>& method_names();

// Each family registers its methods in its own file (marina_variants_registry.cpp,
// baselines_registry.cpp), so adding a method touches only its family's list.
void register_marina_variants(std::map<std::string, MethodFactory>& table);
void register_baselines(std::map<std::string, MethodFactory>& table);
// Throws InputError for an unknown name.
MethodInstance make_method(const MethodSpec& spec, const MethodContext& ctx);

}  // namespace marina

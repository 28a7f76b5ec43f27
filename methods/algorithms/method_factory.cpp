#include "methods/algorithms/method_factory.hpp"

#include <functional>
#include <map>

#include "methods/algorithms/diana.hpp"
#include "methods/algorithms/gd.hpp"
#include "methods/algorithms/marina.hpp"
#include "methods/common/input_error.hpp"

namespace marina {

namespace {
const std::map<std::string, MethodFactory>& factories() {
  static const std::map<std::string, MethodFactory> table = [] {
    std::map<std::string, MethodFactory> t = {
        {"gd", make_gd},
        {"diana", make_diana},
        {"marina", make_marina},
    };
    register_marina_variants(t);
    register_baselines(t);
    return t;
  }();
  return table;
}
}  // namespace

const std::vector<std::string>& method_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const auto& [name, f] : factories()) v.push_back(name);
    return v;
  }();
  return names;
}

MethodInstance make_method(const MethodSpec& spec, const MethodContext& ctx) {
  const auto it = factories().find(spec.name);
  if (it == factories().end()) throw InputError("", "unknown method '" + spec.name + "'");
  return it->second(spec, ctx);
}

}  // namespace marina

#include "methods/common/key_spec.hpp"

#include <cassert>
#include <utility>

namespace marina {

Range at_least(double lo) { return {lo, std::nullopt, false, false}; }
Range above(double lo) { return {lo, std::nullopt, true, false}; }
Range closed(double lo, double hi) { return {lo, hi, false, false}; }
Range open_closed(double lo, double hi) { return {lo, hi, true, false}; }

namespace {

KeySpec row(std::string key, ValueType type, ScenarioValue def, std::string help, Range r = {}) {
  KeySpec s{std::move(key), type, std::move(def), std::move(help), {}, {}, r.min, r.max,
            r.min_exclusive, r.max_exclusive};
  assert(s.default_value.index() == static_cast<std::size_t>(type));
  return s;
}

}  // namespace

KeySpec flag_key(std::string key, bool def, std::string help) {
  return row(std::move(key), ValueType::boolean, def, std::move(help));
}
KeySpec integer_key(std::string key, std::int64_t def, std::string help, Range r) {
  return row(std::move(key), ValueType::integer, def, std::move(help), r);
}
KeySpec real_key(std::string key, double def, std::string help, Range r) {
  return row(std::move(key), ValueType::real, def, std::move(help), r);
}
KeySpec reals_key(std::string key, std::string help, Range element_range) {
  return row(std::move(key), ValueType::real_list, std::vector<double>{}, std::move(help), element_range);
}
KeySpec text_key(std::string key, std::string def, std::string help, std::vector<std::string> choices) {
  KeySpec s = row(std::move(key), ValueType::string, std::move(def), std::move(help));
  s.choices = std::move(choices);
  return s;
}
KeySpec param_key(std::string key, std::vector<std::string> keywords, std::string help, Range r) {
  Param def{true, keywords.front(), 1.0};
  KeySpec s = row(std::move(key), ValueType::param, def, std::move(help), r);
  s.keywords = std::move(keywords);
  return s;
}

}  // namespace marina

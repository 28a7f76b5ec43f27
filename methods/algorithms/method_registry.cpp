#include "methods/algorithms/method_registry.hpp"

#include <algorithm>
#include <cassert>

#include "methods/algorithms/method_keys.hpp"
#include "methods/common/input_error.hpp"
#include "methods/common/named_registry.hpp"

namespace marina {
namespace {

NamedRegistry<MethodDescription>& registry() {
  static NamedRegistry<MethodDescription> methods(builtin_methods());
  return methods;
}

// The group a method is listed in by hints and advise (methods_in_comparison_order).
int comparison_group(const MethodDescription& m) {
  if (m.compressor == CompressorNeed::none) return 0;
  return m.family == "MARINA" ? 1 : 2;
}

std::string meaning_of(const MethodDescription& m, const std::string& key) {
  for (const KeyUse& use : m.reads)
    if (use.key == key) return use.meaning;
  return "";
}

}  // namespace

const std::vector<MethodDescription>& registered_methods() { return registry().entries(); }

void register_method(MethodDescription description) {
  [[maybe_unused]] const std::vector<KeySpec> rows = method_key_rows();
  for ([[maybe_unused]] const KeySpec& own : description.own_keys) {
    assert(method_reads(description, own.key) && "an own key must be listed in reads");
    assert(std::none_of(rows.begin(), rows.end(), [&](const KeySpec& row) { return row.key == own.key; }) &&
           "an own key must be new");
  }
  registry().add(std::move(description));
}

const MethodDescription* find_method(const std::string& name) { return registry().find(name); }

const std::vector<std::string>& method_names() {
  static std::vector<std::string> names;
  if (names.size() != registry().entries().size()) {
    names = registry().names();
    std::sort(names.begin(), names.end());
  }
  return names;
}

std::vector<const MethodDescription*> methods_in_comparison_order() {
  std::vector<const MethodDescription*> out;
  for (const MethodDescription& m : registry().entries()) out.push_back(&m);
  std::stable_sort(out.begin(), out.end(), [](const MethodDescription* a, const MethodDescription* b) {
    return comparison_group(*a) < comparison_group(*b);
  });
  return out;
}

bool method_reads(const MethodDescription& method, const std::string& key) {
  return std::any_of(method.reads.begin(), method.reads.end(), [&](const KeyUse& use) { return use.key == key; });
}

std::vector<KeyReader> method_readers(const std::string& key) {
  std::vector<KeyReader> readers;
  for (const MethodDescription* m : methods_in_comparison_order())
    if (method_reads(*m, key)) readers.push_back({m->name, meaning_of(*m, key)});
  return readers;
}

std::vector<KeySpec> method_key_rows() {
  std::vector<KeySpec> rows{text_key("method.name", "marina", "optimisation method", registry().names())};
  const auto& shared = shared_method_key_rows();
  rows.insert(rows.end(), shared.begin(), shared.end());
  for (const MethodDescription& m : registry().entries()) rows.insert(rows.end(), m.own_keys.begin(), m.own_keys.end());
  return rows;
}

std::vector<SelectiveKeyRule> method_key_rules() {
  std::vector<SelectiveKeyRule> rules = shared_method_key_rules();
  for (const MethodDescription& m : registry().entries())
    for (const KeySpec& own : m.own_keys)
      rules.push_back(listing_rule(own.key, "does not read it", "only ", " reads " + own.key));
  return rules;
}

MethodInstance make_method(const MethodSpec& spec, const MethodContext& ctx) {
  const MethodDescription* m = find_method(spec.name);
  if (m == nullptr) throw InputError("", "unknown method '" + spec.name + "'");
  return m->make(spec, ctx);
}

}  // namespace marina

#include "sim/scenario/scenario.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "sim/scenario/scenario_convert.hpp"
#include "sim/scenario/scenario_format.hpp"
#include "sim/scenario/scenario_keys.hpp"
#include "sim/scenario/scenario_toml.hpp"

namespace marina {
namespace {

const char* const kOverrideOrigin = "--set";

std::size_t schema_index(const KeySpec& spec) {
  return static_cast<std::size_t>(&spec - scenario_schema().data());
}

std::string table_of(const std::string& key) {
  const auto dot = key.rfind('.');
  return dot == std::string::npos ? "" : key.substr(0, dot);
}

// Tables in schema order of first appearance, the top level ("") first because TOML puts
// bare keys before any [table] header.
std::vector<std::string> tables_in_order() {
  std::vector<std::string> tables{""};
  for (const KeySpec& spec : scenario_schema()) {
    const std::string t = table_of(spec.key);
    bool seen = false;
    for (const std::string& u : tables) seen = seen || u == t;
    if (!seen) tables.push_back(t);
  }
  return tables;
}

}  // namespace

Scenario::Scenario(std::string path) : path_(std::move(path)) {
  for (const KeySpec& spec : scenario_schema()) entries_.push_back({spec.default_value});
  assign(*find_key("name"), std::string(), Source::default_value, 0);
}

Scenario Scenario::load(const std::string& path, const std::vector<std::string>& overrides) {
  std::error_code ec;
  std::ifstream in;
  if (!std::filesystem::is_directory(path, ec)) in.open(path, std::ios::binary);
  if (!in.is_open()) throw InputError(path, 0, "cannot open scenario file");
  std::ostringstream text;
  text << in.rdbuf();
  return parse(text.str(), path, overrides);
}

Scenario Scenario::parse(const std::string& toml_text, const std::string& origin,
                         const std::vector<std::string>& overrides) {
  Scenario scenario(origin);
  for (AssignedValue& a : read_scenario_toml(toml_text, origin))
    scenario.assign(*a.spec, std::move(a.value), Source::file, a.line);
  for (const std::string& assignment : overrides) scenario.set_override(assignment);
  return scenario;
}

void Scenario::set_override(const std::string& assignment) {
  const std::size_t eq = assignment.find('=');
  const std::string key = trim(assignment.substr(0, eq));
  if (eq == std::string::npos || key.empty())
    throw InputError(kOverrideOrigin, 0, assignment + ": expected key=value");
  const KeySpec* spec = find_key(key);
  if (!spec) throw InputError(kOverrideOrigin, 0, assignment + ": " + unknown_key_message(key));
  try {
    ScenarioValue value = value_from_text(*spec, assignment.substr(eq + 1));
    check_constraints(*spec, value);
    assign(*spec, std::move(value), Source::override_value, 0);
  } catch (const ValueProblem& p) {
    throw InputError(kOverrideOrigin, 0, override_problem_message(assignment, *spec, p));
  }
}

void Scenario::assign(const KeySpec& spec, ScenarioValue value, Source source, long line) {
  // The run name falls back to the file stem, so that every run folder gets a usable name.
  if (spec.key == "name" && std::get<std::string>(value).empty())
    value = std::filesystem::path(path_).stem().string();
  entries_[schema_index(spec)] = {std::move(value), source, line};
}

const Scenario::Entry& Scenario::entry(const std::string& key) const {
  const KeySpec* spec = find_key(key);
  if (!spec) throw std::logic_error("unknown scenario key '" + key + "'");
  return entries_[schema_index(*spec)];
}

const Scenario::Entry& Scenario::typed_entry(const std::string& key, ValueType type) const {
  if (const KeySpec* spec = find_key(key); spec && spec->type != type)
    throw std::logic_error("scenario key '" + key + "' read with a getter of the wrong type");
  return entry(key);
}

bool Scenario::get_bool(const std::string& key) const {
  return std::get<bool>(typed_entry(key, ValueType::boolean).value);
}
std::int64_t Scenario::get_int(const std::string& key) const {
  return std::get<std::int64_t>(typed_entry(key, ValueType::integer).value);
}
double Scenario::get_real(const std::string& key) const {
  return std::get<double>(typed_entry(key, ValueType::real).value);
}
const std::string& Scenario::get_string(const std::string& key) const {
  return std::get<std::string>(typed_entry(key, ValueType::string).value);
}
const std::vector<double>& Scenario::get_reals(const std::string& key) const {
  return std::get<std::vector<double>>(typed_entry(key, ValueType::real_list).value);
}
Param Scenario::get_param(const std::string& key) const {
  return std::get<Param>(typed_entry(key, ValueType::param).value);
}

const ScenarioValue& Scenario::get(const std::string& key) const { return entry(key).value; }

bool Scenario::is_set(const std::string& key) const {
  return entry(key).source != Source::default_value;
}

InputError Scenario::error(const std::string& key, const std::string& message) const {
  const Entry& e = entry(key);
  switch (e.source) {
    case Source::file: return InputError(path_, e.line, message);
    case Source::override_value: return InputError(kOverrideOrigin, 0, message);
    case Source::default_value: break;
  }
  return InputError(path_, 0, message);
}

std::string Scenario::directory() const {
  const std::string parent = std::filesystem::path(path_).parent_path().string();
  return parent.empty() ? "." : parent;
}

std::string Scenario::resolved_toml() const {
  std::string out = "# Resolved scenario: every key with its effective value.\n";
  for (const std::string& table : tables_in_order()) {
    if (!table.empty()) out += "\n[" + table + "]\n";
    for (const KeySpec& spec : scenario_schema()) {
      if (table_of(spec.key) != table) continue;
      const std::string leaf = table.empty() ? spec.key : spec.key.substr(table.size() + 1);
      out += leaf + " = " + toml_literal(entries_[schema_index(spec)].value) + "  # " +
             spec.help + "\n";
    }
  }
  return out;
}

}  // namespace marina

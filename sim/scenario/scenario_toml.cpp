#include "sim/scenario/scenario_toml.hpp"

#include <cmath>
#include <optional>

#include <toml++/toml.h>

#include "methods/common/input_error.hpp"
#include "sim/scenario/scenario_convert.hpp"
#include "sim/scenario/scenario_format.hpp"
#include "sim/scenario/scenario_keys.hpp"

namespace marina {
namespace {

long line_of(const toml::node& node) { return static_cast<long>(node.source().begin.line); }

// How a node reads in a message: the value itself for scalars, its kind for containers.
std::string describe(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string: return toml_string(node.as_string()->get());
    case toml::node_type::integer: return std::to_string(node.as_integer()->get());
    case toml::node_type::floating_point:
      return toml_literal(ScenarioValue{node.as_floating_point()->get()});
    case toml::node_type::boolean: return node.as_boolean()->get() ? "true" : "false";
    case toml::node_type::array: return "an array";
    case toml::node_type::table: return "a table";
    default: return "a date or time";
  }
}

std::optional<double> finite_number(const toml::node& node) {
  if (const auto* i = node.as_integer()) return static_cast<double>(i->get());
  if (const auto* f = node.as_floating_point(); f && std::isfinite(f->get())) return f->get();
  return std::nullopt;
}

[[noreturn]] void wrong_shape(const KeySpec& spec, const toml::node& node) {
  throw ValueProblem{ValueProblem::Kind::type, expected_shape(spec), describe(node), std::nullopt,
                     ""};
}

std::vector<double> list_from_node(const KeySpec& spec, const toml::node& node) {
  const toml::array* array = node.as_array();
  if (!array) wrong_shape(spec, node);
  std::vector<double> out;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const std::optional<double> v = finite_number(*array->get(i));
    if (!v)
      throw ValueProblem{ValueProblem::Kind::type, "a finite number", describe(*array->get(i)), i,
                         ""};
    out.push_back(*v);
  }
  return out;
}

// TOML types map onto key types directly, except that reals and params accept integers
// (people write `step_size = 1`) and params accept their keyword forms as strings.
ScenarioValue value_from_node(const KeySpec& spec, const toml::node& node) {
  switch (spec.type) {
    case ValueType::boolean:
      if (const auto* b = node.as_boolean()) return b->get();
      break;
    case ValueType::integer:
      if (const auto* i = node.as_integer()) return i->get();
      break;
    case ValueType::real:
      if (const std::optional<double> v = finite_number(node)) return *v;
      break;
    case ValueType::string:
      if (const auto* s = node.as_string()) return s->get();
      break;
    case ValueType::real_list: return list_from_node(spec, node);
    case ValueType::param:
      if (const std::optional<double> v = finite_number(node)) return Param{false, "", *v};
      if (const auto* s = node.as_string()) return parse_param(spec, s->get());
      break;
  }
  wrong_shape(spec, node);
}

class Reader {
 public:
  explicit Reader(const std::string& origin) : origin_(origin) {}

  void read_table(const toml::table& table, const std::string& prefix) {
    for (auto&& [key, node] : table) {
      const std::string name(key.str());
      read_entry(prefix.empty() ? name : prefix + "." + name, name, node,
                 static_cast<long>(key.source().begin.line));
    }
  }

  std::vector<AssignedValue> finish() {
    if (first_problem_) throw *first_problem_;
    return std::move(values_);
  }

 private:
  void read_entry(const std::string& path, const std::string& name, const toml::node& node,
                  long line) {
    if (name.find('.') != std::string::npos)
      return problem(line, "key \"" + name + "\" is quoted, so its dot does not separate " +
                               "tables; write it without quotes");
    if (const KeySpec* spec = find_key(path)) return read_value(*spec, node, line);
    if (is_schema_table(path)) {
      if (const toml::table* sub = node.as_table()) return read_table(*sub, path);
      return problem(line, path + " must be a table ([" + path + "] or " + path +
                               ".key = ...), got " + describe(node));
    }
    problem(line, node.is_table() ? unknown_table_message(path) : unknown_key_message(path));
  }

  void read_value(const KeySpec& spec, const toml::node& node, long line) {
    try {
      ScenarioValue value = value_from_node(spec, node);
      check_constraints(spec, value);
      values_.push_back({&spec, std::move(value), line});
    } catch (const ValueProblem& p) {
      if (p.element) line = line_of(*node.as_array()->get(*p.element));
      problem(line, file_problem_message(spec, p));
    }
  }

  // toml++ iterates tables in key order, not file order; keep the problem nearest the top.
  void problem(long line, const std::string& message) {
    if (!first_problem_ || line < first_problem_->line())
      first_problem_.emplace(origin_, line, message);
  }

  std::string origin_;
  std::vector<AssignedValue> values_;
  std::optional<InputError> first_problem_;
};

}  // namespace

std::vector<AssignedValue> read_scenario_toml(const std::string& text, const std::string& origin) {
  toml::table root;
  try {
    root = toml::parse(text, std::string_view(origin));
  } catch (const toml::parse_error& e) {
    throw InputError(origin, static_cast<long>(e.source().begin.line),
                     std::string(e.description()));
  }
  Reader reader(origin);
  reader.read_table(root, "");
  return reader.finish();
}

}  // namespace marina

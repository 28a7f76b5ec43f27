#include "sim/scenario/sweep_spec.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <stdexcept>
#include <toml++/toml.h>

#include "methods/common/input_error.hpp"
#include "sim/scenario/number_format.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/scenario/scenario_checks.hpp"
#include "sim/scenario/target_metric.hpp"

namespace fs = std::filesystem;

namespace marina {

namespace {

long line_of(const toml::node& n) { return static_cast<long>(n.source().begin.line); }

// TOML value -> the text `--set key=value` takes.
std::string as_override_text(const std::string& file, const toml::node& n) {
  if (auto v = n.as_string()) return v->get();
  if (auto v = n.as_integer()) return std::to_string(v->get());
  if (auto v = n.as_floating_point()) return format_number(v->get());
  if (auto v = n.as_boolean()) return v->get() ? "true" : "false";
  if (auto a = n.as_array()) {
    std::string out = "[";
    for (std::size_t i = 0; i < a->size(); ++i) out += (i ? "," : "") + as_override_text(file, *a->get(i));
    return out + "]";
  }
  throw InputError(file, line_of(n), "unsupported value type (expected a string, number, boolean or list)");
}

// Paths in a sweep are written relative to the sweep file; the runs resolve them against
// the base scenario, so they are made absolute here when they exist next to the sweep.
std::string anchor_path(const std::string& key, const std::string& value, const fs::path& sweep_dir) {
  const bool is_path = key == "platform.file" || key == "data.path";
  if (!is_path || value.empty() || fs::path(value).is_absolute()) return value;
  const fs::path candidate = sweep_dir / value;
  return fs::exists(candidate) ? fs::absolute(candidate).lexically_normal().string() : value;
}

void flatten(const toml::table& t, const std::string& prefix, std::vector<std::pair<std::string, const toml::node*>>& out) {
  for (const auto& [k, v] : t) {
    const std::string key = prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
    if (const auto* sub = v.as_table()) flatten(*sub, key, out);
    else out.emplace_back(key, &v);
  }
}

// Folder-friendly: characters a file name should not hold become '_'.
std::string folder_label(const std::string& key, const std::string& value) {
  std::string label = axis_value_label(key, value);
  for (char& c : label)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '+' || c == '=')) c = '_';
  return label;
}

std::vector<double> read_numbers(const std::string& file, const toml::node& n, const std::string& key) {
  const auto* a = n.as_array();
  if (!a) throw InputError(file, line_of(n), key + " must be a list of numbers");
  std::vector<double> out;
  for (const auto& e : *a) {
    const auto v = e.value<double>();
    if (!v || !(*v > 0)) throw InputError(file, line_of(e), key + " must hold numbers > 0");
    out.push_back(*v);
  }
  return out;
}

// One value of an axis: what it is called in folder names and legends, and the keys it sets
// (one for a plain value; several for an inline table, which ties keys together).
struct AxisValue {
  std::string shown;
  std::vector<std::pair<std::string, std::string>> sets;
};

struct Axis {
  std::string key;
  std::string shown_key;  // the key of the values it shows
  std::vector<AxisValue> values;
  long line = 0;  // where the file writes it: axes run in this order
};

// What the sections of a sweep file hold besides the SweepSpec fields they fill directly.
struct SweepSections {
  std::vector<std::pair<std::string, std::string>> fixed;  // [set]
  std::vector<Axis> axes;                                  // [axes]
};

toml::table parse_sweep_file(const std::string& path) {
  if (!fs::is_regular_file(path)) throw InputError(path, "cannot open sweep file");
  try {
    return toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    throw InputError(path, static_cast<long>(e.source().begin.line), std::string(e.description()));
  }
}

// {file = "...", server = "node-16"}: keys relative to the axis name, or full dotted keys when
// quoted ("compressor.name" = "top_k"), in the order the file writes them; shown by the first.
AxisValue table_axis_value(const std::string& path, const std::string& key, const toml::table& t,
                           const toml::node& element, const fs::path& dir) {
  std::vector<std::pair<const toml::key*, const toml::node*>> fields;
  for (const auto& [fk, fv] : t) fields.emplace_back(&fk, &fv);
  std::sort(fields.begin(), fields.end(),
            [](const auto& x, const auto& y) { return x.first->source().begin < y.first->source().begin; });
  AxisValue value;
  for (const auto& [fk, fv] : fields) {
    const std::string name(fk->str());
    const std::string full = name.find('.') != std::string::npos ? name : key + "." + name;
    value.sets.emplace_back(full, anchor_path(full, as_override_text(path, *fv), dir));
  }
  if (value.sets.empty()) throw InputError(path, line_of(element), "axis '" + key + "' has an empty table value");
  value.shown = value.sets.front().second;
  return value;
}

// Table values are shown by their first field; where two share it (the same method with two
// step sizes), each such value is shown by all its fields instead, so every run keeps a name.
void name_table_values_apart(Axis& axis) {
  std::map<std::string, int> uses;
  for (const AxisValue& v : axis.values) ++uses[v.shown];
  for (AxisValue& v : axis.values) {
    if (uses[v.shown] < 2 || v.sets.size() < 2) continue;
    std::string all;
    for (const auto& [k, value] : v.sets) all += (all.empty() ? "" : "+") + value;
    v.shown = all;
  }
}

Axis read_axis(const std::string& path, const std::string& key, const toml::node& node, const fs::path& dir) {
  const auto* a = node.as_array();
  if (!a || a->empty()) throw InputError(path, line_of(node), "axis '" + key + "' must be a non-empty list of values");
  Axis axis{key, key, {}, line_of(node)};
  for (const auto& e : *a) {
    if (const auto* t = e.as_table()) {
      axis.values.push_back(table_axis_value(path, key, *t, e, dir));
      if (axis.values.size() == 1) axis.shown_key = axis.values.front().sets.front().first;
    } else {
      AxisValue value;
      value.shown = anchor_path(key, as_override_text(path, e), dir);
      value.sets.emplace_back(key, value.shown);
      axis.values.push_back(std::move(value));
    }
  }
  name_table_values_apart(axis);
  return axis;
}

void read_sweep_key(SweepSpec& spec, const std::string& key, const toml::node& node, const fs::path& dir) {
  const auto s = node.value<std::string>();
  if (key == "base" && s) spec.base = fs::absolute(dir / *s).lexically_normal().string();
  else if (key == "name" && s) spec.name = *s;
  else throw InputError(spec.path, line_of(node), "unknown or mistyped key 'sweep." + key + "' (expected base, name: strings)");
}

std::vector<std::string> read_metrics(const std::string& file, const toml::node& n) {
  const auto* a = n.as_array();
  if (!a || a->empty()) throw InputError(file, line_of(n), "table.metrics must be a non-empty list of metric names");
  std::vector<std::string> out;
  for (const auto& e : *a) {
    const auto name = e.value<std::string>();
    try {
      if (!name) throw std::invalid_argument("a metric name must be a string");
      parse_target_metric(*name);
    } catch (const std::invalid_argument& problem) {
      throw InputError(file, line_of(e), std::string("table.metrics: ") + problem.what());
    }
    if (std::find(out.begin(), out.end(), *name) != out.end())
      throw InputError(file, line_of(e), "table.metrics lists '" + *name + "' twice");
    out.push_back(*name);
  }
  return out;
}

void read_table_key(SweepSpec& spec, const std::string& key, const toml::node& node) {
  if (key == "relative_targets") spec.relative_targets = read_numbers(spec.path, node, "table." + key);
  else if (key == "targets") spec.targets = read_numbers(spec.path, node, "table." + key);
  else if (key == "metrics") spec.metrics = read_metrics(spec.path, node);
  else
    throw InputError(spec.path, line_of(node),
                     "unknown key 'table." + key + "' (expected relative_targets, targets, metrics)");
}

// Reads [sweep], [set], [axes] and [table]: the spec's own fields, and the rest in the result.
SweepSections read_sections(SweepSpec& spec, const toml::table& root, const fs::path& dir) {
  const std::string& path = spec.path;
  SweepSections out;
  for (const auto& [k, v] : root) {
    const std::string section(k.str());
    const auto* table = v.as_table();
    if (!table) throw InputError(path, line_of(v), "'" + section + "' must be a table ([sweep], [set], [axes] or [table])");
    std::vector<std::pair<std::string, const toml::node*>> entries;
    flatten(*table, "", entries);
    for (const auto& [key, node] : entries) {
      if (section == "sweep") read_sweep_key(spec, key, *node, dir);
      else if (section == "set") out.fixed.emplace_back(key, anchor_path(key, as_override_text(path, *node), dir));
      else if (section == "axes") out.axes.push_back(read_axis(path, key, *node, dir));
      else if (section == "table") read_table_key(spec, key, *node);
      else throw InputError(path, line_of(v), "unknown table '" + section + "' (expected sweep, set, axes, table)");
    }
  }
  // toml++ keeps keys sorted; the axes are laid out in the order the file writes them.
  std::stable_sort(out.axes.begin(), out.axes.end(), [](const Axis& a, const Axis& b) { return a.line < b.line; });
  return out;
}

// The Cartesian product of the axes, the first axis varying slowest.
std::vector<SweepPoint> cartesian_points(const std::vector<Axis>& axes) {
  std::vector<SweepPoint> points{SweepPoint{}};
  for (const Axis& axis : axes) {
    std::vector<SweepPoint> next;
    for (const SweepPoint& p : points)
      for (const AxisValue& v : axis.values) {
        SweepPoint q = p;
        q.axes.emplace_back(axis.key, v.shown);
        for (const auto& [k, val] : v.sets) q.overrides.push_back(k + "=" + val);
        next.push_back(std::move(q));
      }
    points = std::move(next);
  }
  return points;
}

// Puts the [set] overrides before the point's own, names its folder, and checks every key,
// value and combination of the run before any run starts.
void complete_point(SweepPoint& p, const SweepSpec& spec, const std::vector<std::pair<std::string, std::string>>& fixed,
                    std::set<std::string>& names) {
  std::vector<std::string> overrides;
  for (const auto& [k, v] : fixed) overrides.push_back(k + "=" + v);
  overrides.insert(overrides.end(), p.overrides.begin(), p.overrides.end());
  p.overrides = std::move(overrides);
  for (const auto& [k, v] : p.axes) p.name += (p.name.empty() ? "" : "__") + folder_label(k, v);
  if (p.name.empty()) p.name = "run";
  if (!names.insert(p.name).second) throw InputError(spec.path, "two runs would share the folder name '" + p.name + "'");
  try {
    check_scenario_consistency(Scenario::load(spec.base, p.overrides));
  } catch (const InputError& e) {
    if (e.file() != "--set") throw;
    throw InputError(spec.path, "run '" + p.name + "': " + e.message());
  }
}

}  // namespace

std::string axis_value_label(const std::string& key, const std::string& value) {
  const bool is_path = key == "platform.file" || key == "data.path" || value.find('/') != std::string::npos;
  const std::string v = is_path ? fs::path(value).stem().string() : value;
  const auto dot = key.rfind('.');
  return (dot == std::string::npos ? key : key.substr(dot + 1)) + "=" + v;
}

SweepSpec load_sweep(const std::string& path) {
  SweepSpec spec;
  spec.path = path;
  const toml::table root = parse_sweep_file(path);
  const SweepSections sections = read_sections(spec, root, fs::absolute(path).parent_path());
  if (spec.base.empty()) throw InputError(path, "missing sweep.base (the base scenario file)");
  if (spec.name.empty()) spec.name = fs::path(path).stem().string();
  for (const Axis& axis : sections.axes) {
    spec.axis_keys.push_back(axis.key);
    spec.axis_shown_keys.push_back(axis.shown_key);
  }
  std::vector<SweepPoint> points = cartesian_points(sections.axes);
  std::set<std::string> names;
  for (SweepPoint& p : points) complete_point(p, spec, sections.fixed, names);
  spec.points = std::move(points);
  return spec;
}

}  // namespace marina

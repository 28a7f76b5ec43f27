#include "sim/scenario/sweep_spec.hpp"

#include <algorithm>
#include <filesystem>
#include <set>
#include <toml++/toml.h>

#include "methods/common/input_error.hpp"
#include "sim/scenario/number_format.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/scenario/scenario_checks.hpp"

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
  if (!fs::is_regular_file(path)) throw InputError(path, "cannot open sweep file");
  toml::table root;
  try {
    root = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    throw InputError(path, static_cast<long>(e.source().begin.line), std::string(e.description()));
  }
  const fs::path dir = fs::absolute(path).parent_path();

  std::vector<std::pair<std::string, std::string>> fixed;
  // One value of an axis: what it is called in folder names and legends, and the keys it
  // sets (one for a plain value; several for an inline table, which ties keys together).
  struct AxisValue {
    std::string shown;
    std::vector<std::pair<std::string, std::string>> sets;
  };
  struct AxisValues {
    std::vector<AxisValue> values;
    long line = 0;
  };
  std::vector<std::pair<std::string, AxisValues>> axes;
  for (const auto& [k, v] : root) {
    const std::string section(k.str());
    const auto* table = v.as_table();
    if (!table) throw InputError(path, line_of(v), "'" + section + "' must be a table ([sweep], [set], [axes] or [table])");
    std::vector<std::pair<std::string, const toml::node*>> entries;
    flatten(*table, "", entries);
    for (const auto& [key, node] : entries) {
      if (section == "sweep") {
        const auto s = node->value<std::string>();
        if (key == "base" && s) spec.base = fs::absolute(dir / *s).lexically_normal().string();
        else if (key == "name" && s) spec.name = *s;
        else throw InputError(path, line_of(*node), "unknown or mistyped key 'sweep." + key + "' (expected base, name: strings)");
      } else if (section == "set") {
        fixed.emplace_back(key, anchor_path(key, as_override_text(path, *node), dir));
      } else if (section == "axes") {
        const auto* a = node->as_array();
        if (!a || a->empty()) throw InputError(path, line_of(*node), "axis '" + key + "' must be a non-empty list of values");
        std::vector<AxisValue> values;
        for (const auto& e : *a) {
          AxisValue value;
          if (const auto* t = e.as_table()) {
            // {file = "...", server = "node-16"}: keys relative to the axis name, or full
            // dotted keys when quoted ("compressor.name" = "top_k"); shown by its first key.
            std::vector<std::pair<const toml::key*, const toml::node*>> fields;
            for (const auto& [fk, fv] : *t) fields.emplace_back(&fk, &fv);
            std::sort(fields.begin(), fields.end(), [](const auto& x, const auto& y) {
              return x.first->source().begin < y.first->source().begin;
            });
            for (const auto& [fk, fv] : fields) {
              const std::string name(fk->str());
              const std::string full = name.find('.') != std::string::npos ? name : key + "." + name;
              value.sets.emplace_back(full, anchor_path(full, as_override_text(path, *fv), dir));
            }
            if (value.sets.empty()) throw InputError(path, line_of(e), "axis '" + key + "' has an empty table value");
            value.shown = value.sets.front().second;
          } else {
            value.shown = anchor_path(key, as_override_text(path, e), dir);
            value.sets.emplace_back(key, value.shown);
          }
          values.push_back(std::move(value));
        }
        axes.emplace_back(key, AxisValues{std::move(values), line_of(*node)});
      } else if (section == "table") {
        if (key == "relative_targets") spec.relative_targets = read_numbers(path, *node, "table." + key);
        else if (key == "targets") spec.targets = read_numbers(path, *node, "table." + key);
        else throw InputError(path, line_of(*node), "unknown key 'table." + key + "' (expected relative_targets, targets)");
      } else {
        throw InputError(path, line_of(v), "unknown table '" + section + "' (expected sweep, set, axes, table)");
      }
    }
  }
  if (spec.base.empty()) throw InputError(path, "missing sweep.base (the base scenario file)");
  // toml++ keeps keys sorted; the axes are laid out in the order the file writes them.
  std::stable_sort(axes.begin(), axes.end(),
                   [](const auto& a, const auto& b) { return a.second.line < b.second.line; });
  if (spec.name.empty()) spec.name = fs::path(path).stem().string();
  std::vector<SweepPoint> points{SweepPoint{}};
  for (const auto& [key, axis] : axes) {
    const auto& values = axis.values;
    spec.axis_keys.push_back(key);
    std::vector<SweepPoint> next;
    for (const SweepPoint& p : points)
      for (const AxisValue& v : values) {
        SweepPoint q = p;
        q.axes.emplace_back(key, v.shown);
        for (const auto& [k, val] : v.sets) q.overrides.push_back(k + "=" + val);
        next.push_back(std::move(q));
      }
    points = std::move(next);
  }
  std::set<std::string> names;
  for (SweepPoint& p : points) {
    std::vector<std::string> overrides;
    for (const auto& [k, v] : fixed) overrides.push_back(k + "=" + v);
    overrides.insert(overrides.end(), p.overrides.begin(), p.overrides.end());
    p.overrides = std::move(overrides);
    for (const auto& [k, v] : p.axes) p.name += (p.name.empty() ? "" : "__") + folder_label(k, v);
    if (p.name.empty()) p.name = "run";
    if (!names.insert(p.name).second) throw InputError(path, "two runs would share the folder name '" + p.name + "'");
    try {
      // Every key, value and combination of this run, before any run starts.
      check_scenario_consistency(Scenario::load(spec.base, p.overrides));
    } catch (const InputError& e) {
      if (e.file() != "--set") throw;
      throw InputError(path, "run '" + p.name + "': " + e.message());
    }
  }
  spec.points = std::move(points);
  return spec;
}

}  // namespace marina

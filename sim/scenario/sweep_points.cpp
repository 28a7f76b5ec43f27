#include "sim/scenario/sweep_points.hpp"

#include <cctype>
#include <filesystem>
#include <set>

#include "methods/common/input_error.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/scenario/scenario_checks.hpp"

namespace fs = std::filesystem;

namespace marina {

namespace {

// "name=marina__k=4": the axis labels, with characters a file name should not hold as '_'.
std::string point_name(const std::vector<std::pair<std::string, std::string>>& axes) {
  std::string name;
  for (const auto& [key, value] : axes) {
    std::string label = axis_value_label(key, value);
    for (char& c : label)
      if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '+' || c == '=')) c = '_';
    name += (name.empty() ? "" : "__") + label;
  }
  return name.empty() ? "run" : name;
}

}  // namespace

SweepSpec sweep_from_points(const std::string& origin, const std::string& name, const std::string& base,
                            const std::vector<std::string>& common_overrides,
                            const std::vector<PlannedPoint>& points) {
  SweepSpec spec;
  spec.path = origin;
  spec.name = name;
  spec.base = fs::absolute(base).lexically_normal().string();
  std::set<std::string> names;
  for (const PlannedPoint& planned : points) {
    SweepPoint p;
    p.axes = planned.axes;
    p.name = point_name(p.axes);
    p.overrides = common_overrides;
    p.overrides.insert(p.overrides.end(), planned.overrides.begin(), planned.overrides.end());
    for (const auto& [key, value] : p.axes) {
      bool known = false;
      for (const auto& k : spec.axis_keys) known = known || k == key;
      if (!known) {
        spec.axis_keys.push_back(key);
        spec.axis_shown_keys.push_back(key);
      }
    }
    if (!names.insert(p.name).second) throw InputError(origin, "two runs would share the folder name '" + p.name + "'");
    try {
      check_scenario_consistency(Scenario::load(spec.base, p.overrides));
    } catch (const InputError& e) {
      if (e.file() != "--set") throw;
      throw InputError(origin, "run '" + p.name + "': " + e.message());
    }
    spec.points.push_back(std::move(p));
  }
  return spec;
}

}  // namespace marina

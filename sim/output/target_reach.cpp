#include "sim/output/target_reach.hpp"

#include <cmath>

#include "methods/common/input_error.hpp"
#include "sim/scenario/number_format.hpp"

namespace marina {

namespace {

double number_at(const nlohmann::json& entry, const char* key, const std::string& file, const std::string& where) {
  const auto it = entry.find(key);
  if (it == entry.end() || !it->is_number() || !std::isfinite(it->get<double>()))
    throw InputError(file, where + "." + key + " is missing or not a finite number");
  return it->get<double>();
}

// The index of the entry of `targets` whose threshold is exactly `threshold`: the runs were
// given eps as text that reads back to the same double, and JSON keeps every double exactly.
std::size_t target_index(const nlohmann::json& targets, double threshold, const std::string& file,
                         const std::string& where) {
  if (!targets.is_array()) throw InputError(file, where + " is missing or not an array");
  for (std::size_t i = 0; i < targets.size(); ++i)
    if (targets[i].is_object() && number_at(targets[i], "threshold", file, where + "[" + std::to_string(i) + "]") ==
                                      threshold)
      return i;
  throw InputError(file, where + " has no threshold " + format_number(threshold) +
                             " (this run was made for another eps; use another --out)");
}

}  // namespace

TargetReach read_target_reach(const nlohmann::json& summary, double threshold, const std::string& file) {
  TargetReach r;
  const nlohmann::json targets = summary.value("targets", nlohmann::json());
  const std::size_t i = target_index(targets, threshold, file, "targets");
  const nlohmann::json& t = targets[i];
  const std::string where = "targets[" + std::to_string(i) + "]";
  if (!t.contains("reached") || !t["reached"].is_boolean()) throw InputError(file, where + ".reached is not a boolean");
  r.reached = t["reached"].get<bool>();
  if (r.reached) {
    r.round = number_at(t, "round", file, where);
    r.seconds = number_at(t, "sim_time_s", file, where);
    r.bits_per_worker = number_at(t, "uplink_bits_per_worker", file, where);
  }

  const auto energy = summary.find("energy");
  if (energy == summary.end() || energy->is_null()) return r;  // energy accounting was off
  if (!energy->is_object()) throw InputError(file, "energy is neither null nor an object");
  r.energy_measured = true;
  const nlohmann::json e_targets = energy->value("targets", nlohmann::json());
  const std::size_t k = target_index(e_targets, threshold, file, "energy.targets");
  if (k != i || e_targets.size() != targets.size())
    throw InputError(file, "energy.targets is not parallel to targets");
  const nlohmann::json& e = e_targets[k];
  const std::string e_where = "energy.targets[" + std::to_string(k) + "]";
  const auto joules = e.find("joules");
  if (joules == e.end()) throw InputError(file, e_where + ".joules is missing");
  if (joules->is_null() == r.reached)
    throw InputError(file, e_where + (r.reached ? ".joules is null although " : ".joules is a number although ") +
                               where + (r.reached ? " was reached" : " was not reached"));
  if (r.reached) {
    const double j = number_at(e, "joules", file, e_where);
    if (j < 0) throw InputError(file, e_where + ".joules is negative");
    r.joules = j;
  }
  return r;
}

}  // namespace marina

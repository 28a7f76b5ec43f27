// What one finished run says about reaching an accuracy threshold eps on ||grad f||^2, read
// from its summary.json alone:
//   "targets": [{"threshold": t, "reached": bool, "round", "sim_time_s",
//                "uplink_bits_per_worker", ...}]      the first evaluated round at or below t
//   "energy":  null (or absent) when SimGrid's energy accounting was off; otherwise
//              {"total_j", "hosts", "links", "hosts_total_j", "links_total_j",
//               "targets": [{"threshold": t, "joules": J or null}]}   parallel to "targets"
// so seconds, bits and joules to eps all come from the same evaluated round.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace marina {

struct TargetReach {
  bool reached = false;
  double round = 0, seconds = 0, bits_per_worker = 0;  // meaningful when reached
  bool energy_measured = false;                         // summary.json carries an energy object
  std::optional<double> joules;                         // energy measured and target reached
};

// `file` names summary.json in errors. Throws InputError when the run has no target equal
// to `threshold` (it was made for another eps), or when its targets or energy entries are
// malformed or contradict each other (reached in one, not in the other).
TargetReach read_target_reach(const nlohmann::json& summary, double threshold, const std::string& file);

}  // namespace marina

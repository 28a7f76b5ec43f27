// A sweep: a base scenario, overrides applied to every run, and axes (scenario key ->
// list of values) whose Cartesian product gives the runs. Sweep files are TOML:
//
//   [sweep]
//   base = "../quickstart.toml"      # relative to the sweep file
//   name = "marina-vs-diana"         # default: the file stem
//   [set]                            # applied to every run
//   run.rounds = 2000
//   [axes]                           # one run per combination, in this order
//   method.name = ["marina", "diana"]
//   compressor.k = [1, 5]
//   platform = [{file = "../platforms/star16.xml"},            # a table value sets several
//               {file = "../platforms/fattree16.xml", server = "node-16", workers = "node-{i}"}]
//   method = [{name = "ef21", "compressor.name" = "top_k"}]   # quoted: a full dotted key
//   [table]
//   relative_targets = [1e-2]        # eps relative to ||grad f(x^0)||^2
//   targets = [1e-4]                 # absolute thresholds on the metric
//   metrics = ["local_grad_norm_sq_mean", "grad_norm_sq"]   # rows on each (default: the runs' run.target_metric)
#pragma once

#include <string>
#include <vector>

namespace marina {

struct SweepPoint {
  std::string name;                                        // run folder name, unique in the sweep
  std::vector<std::pair<std::string, std::string>> axes;   // this point's value on each axis (as shown)
  std::vector<std::string> overrides;                      // key=value, the [set] ones then the axes
};

struct SweepSpec {
  std::string path;       // the sweep file
  std::string name;
  std::string base;       // absolute path of the base scenario
  std::vector<std::string> axis_keys;
  // Parallel to axis_keys: the scenario key whose value an axis shows (an inline-table axis
  // "platform" shows its first key, platform.file).
  std::vector<std::string> axis_shown_keys;
  std::vector<SweepPoint> points;
  std::vector<double> relative_targets;
  std::vector<double> targets;
  std::vector<std::string> metrics;  // [table] metrics: run.target_metric names; empty = each run's own
};

// "k=4", "platform=star16": an axis value as folder names and legends show it (the last part
// of the key; a path contributes its file stem).
std::string axis_value_label(const std::string& key, const std::string& value);

// Parses and validates the sweep, including every point's scenario (unknown keys, types,
// ranges), so a bad sweep fails before any run starts. Throws InputError.
SweepSpec load_sweep(const std::string& path);

}  // namespace marina

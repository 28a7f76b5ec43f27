// The runs of `marina-sim advise`: methods x compression levels on one problem and one
// platform, each with its theory step size (and p), all with the same absolute target eps.
//   - each method runs with the compressor its registration pairs it with (advise_pairing_text
//     says which); K over a geometric grid 1, 2, 4, ... below d, then d, for compressors that
//     keep K coordinates.
//   - eps, on the scenario's run.target_metric (||grad f||^2 by default; --set
//     run.target_metric=local_grad_norm_sq_mean for the paper's figures' metric): --epsilon X
//     is absolute; otherwise --relative r (default 1e-2) times the metric at the common start
//     x^0 = 0, as the paper reports accuracy.
//     Every run gets run.targets = [eps] so that its summary.json (and, with energy on, its
//     energy.targets) holds the first round, seconds, bits and joules at eps.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/scenario/sweep_spec.hpp"
#include "sim/scenario/target_metric.hpp"

namespace marina {

// The methods registered as compared by default, in comparison order.
std::vector<std::string> default_advise_methods();
// Which compressor each method runs with, for the help text: "gd runs uncompressed, ...".
std::string advise_pairing_text();

struct AdviseOptions {
  std::string scenario_path;
  std::string platform;                  // --platform XML (default: the scenario's platform.file)
  std::vector<std::string> overrides;    // --set key=value, for every run
  std::vector<std::string> methods = default_advise_methods();
  std::vector<long> k_grid;              // --k; empty: 1, 2, 4, ... below d, then d
  std::optional<double> epsilon;         // --epsilon (absolute)
  std::optional<double> relative;        // --relative (default 1e-2 when --epsilon is absent)
  std::optional<long> rounds;            // --rounds: run.rounds for every run
  std::string out_dir;                   // default results/advise-<scenario>-<platform>
  int jobs = 1;
  bool no_plots = false;
};

struct AdvisePointInfo {
  std::string method, compressor;
  std::optional<long> k;
};

struct AdvisePlan {
  SweepSpec spec;                       // one point per run, in method then K order
  std::vector<AdvisePointInfo> info;    // parallel to spec.points
  std::string scenario_name, platform_file, folder;
  long workers = 0, dim = 0, rounds = 0;
  TargetMetric metric = TargetMetric::grad_norm_sq;  // the scenario's run.target_metric: what eps is on
  double start_value = 0;               // the metric at x^0
  double epsilon = 0;                   // exactly the threshold every run was given
  std::string epsilon_text;             // how eps was chosen, for the report
};

// Checks everything (scenario, platform, methods, grid, eps) before any run starts; throws
// InputError.
AdvisePlan plan_advise(const AdviseOptions& options);

}  // namespace marina

// What `marina-sim advise` reports once its runs are done: one row per run (rounds, seconds,
// bits and joules to eps), the winner of each cost, and the Pareto front over seconds, bits
// and (when every run measured energy) joules. Costs to minimise; a run that did not reach
// eps is "not reached" and never on the front (sim/output/pareto_front.hpp), but says the lowest
// value it reached and when; when no run reaches eps, the report names the one that came
// closest, estimates the rounds it would need at its last rate and suggests --rounds and
// --relative (sim/output/reach_estimate.hpp).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/output/front_plot.hpp"
#include "sim/output/reach_estimate.hpp"
#include "sim/output/target_reach.hpp"

namespace marina {

struct AdviseRow {
  std::string run;  // run folder name
  std::string method, compressor;
  std::optional<long> k;  // none for uncompressed methods
  bool finished = false;  // the run folder holds a summary.json (else the run failed)
  bool diverged = false;
  TargetReach reach;
  std::optional<LowestPoint> lowest;  // finished runs: the lowest metric / its start, and when
  std::optional<RateFit> rate;        // finished runs: the rate over the last half (reach_estimate.hpp)
  std::string label() const;  // "marina K=4", "gd"
};

struct AdviseContext {
  std::string scenario;  // name
  std::string platform;  // file name
  long workers = 0, dim = 0, rounds = 0;
  std::string epsilon_text;  // how eps was chosen, with its value
  std::string folder;
  std::string metric;            // "||grad f||^2", what eps is on
  double epsilon_relative = 0;   // eps / the metric at x^0
};

struct AdviseReport {
  std::string terminal;  // what the command prints: the same on every rerun
  std::string markdown, csv;
  bool energy = false;  // joules were measured for every finished run: they are a cost
  std::vector<FrontPoint> reached;  // the runs that reached eps, for the figure
};

AdviseReport build_advise_report(const AdviseContext& context, const std::vector<AdviseRow>& rows);

}  // namespace marina

// Figures of the runs' target metric (log scale: ||grad f(x)||^2, or the paper's mean local
// squared gradient norm, named on the axis) against uplink bits per worker, against rounds and
// against simulated seconds: one figure per data set and x-axis, one curve per run labelled with
// the paper's names ("MARINA, K = 1"), one colour per method kept across K (K by dash type),
// written as PNG and SVG through gnuplot.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/scenario/target_metric.hpp"

namespace marina {

struct PlotRun {
  std::string folder;               // a finished run folder
  std::vector<std::string> extra;   // legend additions beyond the paper's names ("seed=2")
};

// How curves look: a colour per method (in order of first appearance), a dash type per K and
// variant within a method (ascending K, none first; then the variants in order).
struct CurveKey {
  std::string method;
  std::optional<long> k;
  std::string variant;  // what else tells two curves of one method and K apart (legend additions)
};
struct CurveStyle {
  int colour = 0, dash = 0;
};
std::vector<CurveStyle> curve_styles(const std::vector<CurveKey>& curves);

// Runs gnuplot on SCRIPT in its own folder (stderr to SCRIPT.log). InputError when gnuplot is
// missing or fails.
void run_gnuplot(const std::string& script_path);
// A single-quoted gnuplot string; callers add `noenhanced` so that '_' is not a subscript.
std::string gnuplot_quote(const std::string& s);

// Returns the files written (also a timeline per run recorded with run.timeline,
// sim/output/timeline_plot.hpp). Throws InputError if gnuplot is missing or fails.
// `metric`: what every figure plots (a sweep's [table] metrics); nullopt = each run's own.
std::vector<std::string> plot_runs(const std::vector<PlotRun>& runs, const std::string& out_dir,
                                   std::optional<TargetMetric> metric = std::nullopt);

// `marina-sim plot DIR`: DIR is a sweep folder (runs/ inside) or a single run folder.
int plot_command(const std::string& dir);

}  // namespace marina

// Figures of ||grad f(x)||^2 (log scale) against uplink bits per worker, against rounds
// and against simulated seconds: one figure per data set and x-axis, one curve per run,
// written as PNG and SVG through gnuplot.
#pragma once

#include <string>
#include <vector>

namespace marina {

struct PlotRun {
  std::string folder;  // a finished run folder
  std::string label;   // legend text
};

// Runs gnuplot on SCRIPT in its own folder (stderr to SCRIPT.log). InputError when gnuplot is
// missing or fails.
void run_gnuplot(const std::string& script_path);
// A single-quoted gnuplot string; callers add `noenhanced` so that '_' is not a subscript.
std::string gnuplot_quote(const std::string& s);

// Returns the files written (also a timeline per run recorded with run.timeline,
// sim/output/timeline_plot.hpp). Throws InputError if gnuplot is missing or fails.
std::vector<std::string> plot_runs(const std::vector<PlotRun>& runs, const std::string& out_dir);

// `marina-sim plot DIR`: DIR is a sweep folder (runs/ inside) or a single run folder.
int plot_command(const std::string& dir);

}  // namespace marina

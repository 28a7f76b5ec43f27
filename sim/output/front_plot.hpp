// The figure of `marina-sim advise`: every run that reached eps as a point of seconds-to-eps
// against bits-to-eps (log-log), the Pareto front drawn as a line through its points and
// labelled; with energy measured, two more figures put joules against seconds and bits.
// PNG and SVG, through gnuplot.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace marina {

struct FrontPoint {
  std::string label;  // "marina K=4"
  double seconds = 0, bits = 0;
  std::optional<double> joules;
  bool on_front = false;
};

// Writes front-seconds-bits.{png,svg} (and front-seconds-joules, front-bits-joules when
// every point has joules) into out_dir, which it empties first. Returns the files written.
// Throws InputError if gnuplot is missing or fails.
std::vector<std::string> plot_front(const std::vector<FrontPoint>& points, const std::string& title,
                                    const std::string& out_dir);

}  // namespace marina

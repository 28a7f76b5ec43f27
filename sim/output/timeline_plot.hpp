// The timeline (Gantt) figure of a run recorded with run.timeline: a row per host (the server,
// then the workers; with many workers the slowest, the fastest and an evenly spaced sample),
// coloured by computing, sending, receiving, waiting and down, round boundaries marked and
// numbered. PNG and SVG through gnuplot, from timeline.csv (sim/output/timeline_file.hpp).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace marina {

struct ChosenWorker {
  int worker = 0;
  std::string note;  // "slowest", "fastest" or ""
};

// The workers a timeline shows, in index order: all of them when there are at most `rows`;
// otherwise the slowest (least time waiting: the one the others wait for), the fastest (most
// time waiting) and rows - 2 more spread evenly over the indices. Ties go to the lower index.
std::vector<ChosenWorker> choose_timeline_workers(const std::vector<double>& waiting_s, std::size_t rows);

constexpr std::size_t kTimelineRows = 16;  // worker rows at most

// Draws the run folder's timeline as <out_dir>/<basename>.{png,svg}; returns the files written.
// InputError when the timeline files are malformed or gnuplot fails.
std::vector<std::string> plot_timeline(const std::string& run_folder, const std::string& title,
                                       const std::string& out_dir, const std::string& basename);

}  // namespace marina

// The communication-cost table of a sweep: one row per run, or per group of runs that
// differ only in their seed (median and min..max over seeds), with the rounds, uplink
// bits per worker, epochs and simulated seconds to reach each target, and the Table A
// prediction beside them. "not reached" is a value, never a blank. Every row says the metric
// its targets are on; with [table] metrics the table has a block of rows per metric, in that
// order. Platforms and data files are named by their stem, each column appears once, and the
// markdown names methods and compressors as the paper does.
#pragma once

#include <string>

#include "sim/scenario/sweep_spec.hpp"

namespace marina {

struct SweepTable {
  std::string csv;
  std::string markdown;
  int missing_runs = 0;  // points without a finished run folder
};

SweepTable build_sweep_table(const SweepSpec& spec, const std::string& sweep_dir);

}  // namespace marina

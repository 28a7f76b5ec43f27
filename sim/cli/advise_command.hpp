// `marina-sim advise SCENARIO [--platform XML]`: which method and compression level reach
// eps fastest, in fewest bits, with least energy on this problem and network. Runs a compact
// sweep (advise_plan.hpp) through the sweep machinery (one process per run, --jobs, a
// finished run folder is never recomputed), then prints every run's costs to eps, the
// winner of each cost and their Pareto front, and draws the front (docs/advise.md).
#pragma once

#include <CLI/CLI.hpp>

#include "sim/cli/advise_plan.hpp"

namespace marina {

CLI::App* add_advise_command(CLI::App& app, AdviseOptions& options);

// 0 ok, 1 some runs failed (the report covers the others); bad input throws InputError.
int advise_command(const AdviseOptions& options);

}  // namespace marina

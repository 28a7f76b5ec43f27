// Runs the pending points of a sweep, each in its own `marina-sim run` process (SimGrid
// keeps one engine per process), at most `jobs` at a time. A point whose run folder holds
// a summary.json is finished and never recomputed, so an interrupted sweep resumes.
#pragma once

#include <string>
#include <vector>

#include "sim/scenario/sweep_spec.hpp"

namespace marina {

std::vector<const SweepPoint*> pending_points(const SweepSpec& spec, const std::string& sweep_dir);

// The self-contained command line of one run (absolute paths), for --list.
std::vector<std::string> run_command_line(const std::string& executable, const SweepSpec& spec,
                                          const SweepPoint& point, const std::string& sweep_dir);
std::string shell_join(const std::vector<std::string>& args);

struct SweepRunResult {
  int finished = 0;  // exit status 0 (ok) or 3 (diverged: still a result)
  int failed = 0;    // any other exit: the log next to the run folder says why
};

// show_progress: one line on stderr, rewritten as runs end (a terminal only), headed by `label`
// ("" = "sweep <spec name>").
SweepRunResult run_sweep_points(const std::string& executable, const SweepSpec& spec, const std::string& sweep_dir,
                                int jobs, bool show_progress, int threads_per_run = 0,  // 0: run.threads
                                const std::string& label = "");

// The progress line: "[sweep NAME] 7/24 runs done, 2 running, 1m05s elapsed, about 2m40s left".
// `done_now` of the `pending` runs this invocation computes are done; the estimate is the mean
// wall time of those, times what is left ("?" before the first ends).
std::string progress_line(const std::string& label, std::size_t done_before, std::size_t done_now,
                          std::size_t pending, std::size_t total, std::size_t running, double elapsed_s);

// The path of the running marina-sim executable (/proc/self/exe).
std::string self_executable();

}  // namespace marina

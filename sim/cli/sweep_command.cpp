#include "sim/cli/sweep_command.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "methods/common/input_error.hpp"
#include "methods/common/thread_pool.hpp"
#include "sim/output/output_folder.hpp"
#include "sim/output/paper_names.hpp"
#include "sim/output/plot.hpp"
#include "sim/output/run_folder.hpp"
#include "sim/cli/sweep_runner.hpp"
#include "sim/scenario/sweep_spec.hpp"
#include "sim/output/sweep_table.hpp"

namespace fs = std::filesystem;

namespace marina {

namespace {

constexpr int kExitRunsFailed = 1;

// What a curve's legend adds to the paper's names: the axis values they do not say ("seed=2").
std::vector<std::string> legend_extra(const SweepPoint& p) {
  std::vector<std::string> labels;
  for (const auto& [key, value] : p.axes) labels.push_back(axis_value_label(key, value));
  return extra_axis_labels(labels);
}

void collect(const SweepSpec& spec, const std::string& dir, bool plots) {
  const SweepTable table = build_sweep_table(spec, dir);
  write_file_atomically((fs::path(dir) / "table.csv").string(), table.csv);
  write_file_atomically((fs::path(dir) / "table.md").string(), table.markdown);
  if (table.missing_runs > 0)
    std::fprintf(stderr, "marina-sim: %d of %zu runs are not finished; the table leaves them out\n", table.missing_runs,
                 spec.points.size());
  std::size_t figures = 0;
  if (plots) {
    std::vector<PlotRun> runs;
    for (const SweepPoint& p : spec.points)
      if (is_finished_run(run_folder_of(dir, p))) runs.push_back({run_folder_of(dir, p), legend_extra(p)});
    // The figures plot the table's first metric (the paper sweeps: the paper's), else each run's own.
    std::optional<TargetMetric> metric;
    if (!spec.metrics.empty()) metric = parse_target_metric(spec.metrics.front());
    if (!runs.empty()) figures = plot_runs(runs, (fs::path(dir) / "plots").string(), metric).size();
  }
  std::printf("%s: %zu runs, table in %s/table.md and table.csv, %zu figures in %s/plots\n", spec.name.c_str(),
              spec.points.size() - static_cast<std::size_t>(table.missing_runs), dir.c_str(), figures, dir.c_str());
}

}  // namespace

int sweep_command(const SweepOptions& o) {
  if (o.jobs < 1) throw InputError("--jobs", "must be at least 1");
  if (o.list && o.collect) throw InputError("--list", "--list and --collect exclude each other");
  const SweepSpec spec = load_sweep(o.sweep_path);
  const std::string dir = o.out_dir.empty() ? (fs::path("results") / spec.name).string() : o.out_dir;

  if (o.list) {
    const std::string exe = self_executable();
    for (const SweepPoint* p : pending_points(spec, dir))
      std::printf("%s\n", shell_join(run_command_line(exe, spec, *p, dir)).c_str());
    return 0;
  }
  int status = 0;
  if (!o.collect) {
    const bool progress = ::isatty(STDERR_FILENO) != 0;
    // Each run gets its share of the cores: --jobs runs of cores/jobs threads each, not
    // jobs x cores threads fighting over the machine.
    const int threads = o.threads > 0 ? o.threads : std::max(1, resolve_thread_count(0) / o.jobs);
    const SweepRunResult r = run_sweep_points(self_executable(), spec, dir, o.jobs, progress, threads);
    if (r.failed > 0) {
      std::fprintf(stderr, "marina-sim: %d runs failed; their logs are next to their run folders in %s/runs\n",
                   r.failed, dir.c_str());
      status = kExitRunsFailed;
    }
  }
  if (!fs::is_directory(dir)) throw InputError(dir, "no sweep folder here (run the sweep first)");
  collect(spec, dir, !o.no_plots);
  return status;
}

}  // namespace marina

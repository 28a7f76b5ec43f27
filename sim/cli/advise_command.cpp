#include "sim/cli/advise_command.hpp"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "methods/common/input_error.hpp"
#include "sim/cli/sweep_runner.hpp"
#include "sim/output/advise_report.hpp"
#include "sim/output/front_plot.hpp"
#include "sim/output/output_folder.hpp"
#include "sim/output/run_folder.hpp"
#include "sim/output/target_reach.hpp"
#include "sim/scenario/number_format.hpp"

namespace fs = std::filesystem;

namespace marina {

namespace {

constexpr int kExitRunsFailed = 1;
constexpr const char* kRequestFile = "advise.json";

// The folder remembers which scenario and keys made each run. Resuming reuses a finished
// run only if it was made by the same request (same eps, platform, rounds, --set); a run
// folder of another request under the same name would silently answer another question.
void claim_folder(const AdvisePlan& plan) {
  const fs::path dir(plan.folder);
  const fs::path file = dir / kRequestFile;
  nlohmann::json runs = nlohmann::json::object();
  if (fs::exists(file)) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    nlohmann::json old;
    try {
      old = nlohmann::json::parse(text.str());
    } catch (const nlohmann::json::exception&) {
      throw InputError(file.string(), "malformed JSON (not written by marina-sim advise?)");
    }
    if (old.value("base", std::string()) != plan.spec.base)
      throw InputError(plan.folder, "holds the advise runs of another scenario (" + old.value("base", std::string("?")) +
                                        "); use another --out");
    runs = old.value("runs", nlohmann::json::object());
    for (const SweepPoint& p : plan.spec.points)
      if (runs.contains(p.name) && runs[p.name] != nlohmann::json(p.overrides))
        throw InputError(plan.folder, "run '" + p.name +
                                          "' there was made with other keys (eps, platform, rounds or --set differ); "
                                          "use another --out");
  } else if (fs::exists(dir) && !fs::is_empty(dir)) {
    throw InputError(plan.folder, "exists and is not an advise folder (no " + std::string(kRequestFile) + ")");
  }
  for (const SweepPoint& p : plan.spec.points) runs[p.name] = p.overrides;
  fs::create_directories(dir);
  write_file_atomically(file.string(), nlohmann::json{{"base", plan.spec.base}, {"runs", runs}}.dump(2) + "\n");
}

AdviseRow row_of(const AdvisePlan& plan, std::size_t i) {
  const SweepPoint& p = plan.spec.points[i];
  AdviseRow row;
  row.run = p.name;
  row.method = plan.info[i].method;
  row.compressor = plan.info[i].compressor;
  row.k = plan.info[i].k;
  const std::string folder = run_folder_of(plan.folder, p);
  row.finished = is_finished_run(folder);
  if (!row.finished) return row;
  const RunFolder run = read_run_folder(folder);
  const std::string summary = (fs::path(folder) / "summary.json").string();
  // eps is relative to the common start: every run must start where advise measured.
  if (run.trace.empty() || run.trace.front().value(plan.metric) != plan.start_value)
    throw InputError(folder + "/trace.csv", std::string("the run does not start at ") + metric_ascii(plan.metric) +
                                                " = " + format_number(plan.start_value) + " like the others");
  if (run_metric(run) != plan.metric)
    throw InputError(summary, std::string("the run's targets are on ") + metric_name(run_metric(run)) + ", not on " +
                                  metric_name(plan.metric));
  row.diverged = run.summary.value("status", std::string()) == "diverged";
  row.reach = read_target_reach(run.summary, plan.epsilon, summary);
  // How close it came, relative to the start (sim/output/reach_estimate.hpp).
  std::vector<MetricPoint> relative;
  for (const TracePoint& p : run.trace) relative.push_back({p.round, p.value(plan.metric) / plan.start_value});
  row.lowest = lowest_point(relative, 1.0);
  row.rate = fit_last_rate(relative);
  return row;
}

}  // namespace

CLI::App* add_advise_command(CLI::App& app, AdviseOptions& o) {
  auto* cmd = app.add_subcommand(
      "advise", "which method and compression level reach eps fastest, in fewest bits, with least energy");
  cmd->add_option("scenario", o.scenario_path, "scenario file (TOML): the problem")->required();
  cmd->add_option("--platform", o.platform, "SimGrid platform XML (default: the scenario's platform.file)");
  cmd->add_option("--set", o.overrides, "override a scenario key for every run: --set key=value (repeatable)")
      ->allow_extra_args(false);
  std::string defaults;
  for (const std::string& m : default_advise_methods()) defaults += (defaults.empty() ? "" : ",") + m;
  cmd->add_option("--methods", o.methods, "methods to compare (default " + defaults + ")")
      ->delimiter(',')
      ->allow_extra_args(false);
  cmd->add_option("--k", o.k_grid, "compression levels K (default 1,2,4,... below d, then d)")
      ->delimiter(',')
      ->allow_extra_args(false);
  cmd->add_option("--epsilon", o.epsilon, "absolute target on ||grad f||^2");
  cmd->add_option("--relative", o.relative, "target relative to ||grad f(x^0)||^2 (default 1e-2)");
  cmd->add_option("--rounds", o.rounds, "rounds of every run (default: the scenario's run.rounds)");
  cmd->add_option("--jobs,-j", o.jobs, "runs in parallel (results do not depend on it)");
  cmd->add_option("--out", o.out_dir, "folder of the runs, resumable (default results/advise-<scenario>-<platform>)");
  cmd->add_flag("--no-plots", o.no_plots, "skip the figure of the front");
  cmd->footer(
      advise_pairing_text() + "; every run uses its theory step size\n"
      "(and p), or on a network, which has no L, the scenario's step size. Costs: simulated seconds, uplink\n"
      "bits per worker and joules (when the platform carries power properties) at the first evaluated round\n"
      "with run.target_metric (default ||grad f||^2) <= eps. See docs/advise.md.");
  return cmd;
}

int advise_command(const AdviseOptions& o) {
  const AdvisePlan plan = plan_advise(o);
  claim_folder(plan);
  const std::size_t pending = pending_points(plan.spec, plan.folder).size();
  const SweepRunResult result =
      run_sweep_points(self_executable(), plan.spec, plan.folder, o.jobs, ::isatty(STDERR_FILENO) != 0, 0,
                       "advise " + plan.scenario_name);
  // On stderr: stdout is the answer, the same whether the runs were computed now or reused.
  std::fprintf(stderr, "marina-sim advise: %zu runs, %zu computed now, %zu reused from %s\n", plan.spec.points.size(),
               pending, plan.spec.points.size() - pending, plan.folder.c_str());

  std::vector<AdviseRow> rows;
  for (std::size_t i = 0; i < plan.spec.points.size(); ++i) rows.push_back(row_of(plan, i));
  const AdviseContext context{plan.scenario_name, fs::path(plan.platform_file).filename().string(),
                              plan.workers,       plan.dim,
                              plan.rounds,        plan.epsilon_text,
                              plan.folder,        metric_ascii(plan.metric),
                              plan.epsilon / plan.start_value};
  const AdviseReport report = build_advise_report(context, rows);
  const fs::path dir(plan.folder);
  write_file_atomically((dir / "advise.md").string(), report.markdown);
  write_file_atomically((dir / "advise.csv").string(), report.csv);
  std::string files = "files: " + (dir / "advise.md").string() + ", " + (dir / "advise.csv").string();
  if (!o.no_plots && !report.reached.empty()) {
    const auto figures = plot_front(report.reached, plan.scenario_name + " on " + context.platform + ": costs to eps",
                                    (dir / "plots").string());
    files += ", " + std::to_string(figures.size()) + " figures in " + (dir / "plots").string();
  }
  std::printf("%s%s\n", report.terminal.c_str(), files.c_str());
  if (result.failed > 0) {
    std::fprintf(stderr, "marina-sim: %d runs failed; their logs are next to their run folders in %s/runs\n",
                 result.failed, plan.folder.c_str());
    return kExitRunsFailed;
  }
  return 0;
}

}  // namespace marina

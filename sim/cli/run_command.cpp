#include "sim/cli/run_command.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "methods/algorithms/plain_loop.hpp"
#include "methods/common/thread_pool.hpp"
#include "sim/experiment/experiment.hpp"
#include "sim/output/output_folder.hpp"
#include "sim/engine/platform_check.hpp"
#include "sim/output/recorder.hpp"
#include "sim/scenario/scenario_checks.hpp"
#include "sim/output/run_report.hpp"
#include "sim/output/timeline_file.hpp"
#include "sim/engine/simulation.hpp"
#include "sim/engine/simulation_process.hpp"
#include "sim/engine/wall_phases.hpp"

namespace fs = std::filesystem;

namespace marina {

namespace {

constexpr int kExitDiverged = 3;

Scenario load_scenario(const RunOptions& o) {
  std::vector<std::string> overrides = o.overrides;
  if (!o.platform_override.empty())
    overrides.push_back("platform.file=" + fs::absolute(o.platform_override).lexically_normal().string());
  Scenario s = Scenario::load(o.scenario_path, overrides);
  return s;
}

RecorderOptions recorder_options(const Scenario& s) {
  RecorderOptions r;
  r.rounds = s.get_int("run.rounds");
  r.eval_every = s.get_int("run.eval_every");
  r.targets = s.get_reals("run.targets");
  r.metric = parse_target_metric(s.get_string("run.target_metric"));
  r.diverge_above = s.get_real("run.diverge_above");
  const bool paper = s.get_string("wire.accounting") == "paper";
  r.count_initial_uplinks = !paper;
  r.count_downlink = !paper;
  return r;
}

// One status line on the terminal for runs that take a while; never in files or pipes.
class TerminalProgress {
 public:
  TerminalProgress(std::int64_t rounds, TargetMetric metric)
      : rounds_(rounds), metric_(metric), start_(std::chrono::steady_clock::now()) {}
  void show(const TraceRow& r) {
    const auto now = std::chrono::steady_clock::now();
    if (now - start_ < std::chrono::seconds(1) || now - last_ < std::chrono::milliseconds(250)) return;
    last_ = now;
    shown_ = true;
    std::fprintf(stderr, "\r[run] round %ld/%ld  sim %.4g s  %s %.4g   ", static_cast<long>(r.round),
                 static_cast<long>(rounds_), r.sim_time_s, metric_ascii(metric_), metric_value(r.eval, metric_));
    std::fflush(stderr);
  }
  void clear() {
    if (shown_) std::fprintf(stderr, "\r%60s\r", "");
  }

 private:
  std::int64_t rounds_;
  TargetMetric metric_;
  std::chrono::steady_clock::time_point start_, last_{};
  bool shown_ = false;
};

// The run's platform, loaded once in the simulation child: a fault naming a host or link the
// platform lacks is the scenario's mistake, so the error points there.
LoadedPlatform load_run_platform(const Scenario& scenario, const NetworkSetup& network) {
  try {
    return load_checked_platform(network);
  } catch (const InputError& e) {
    for (const char* key : {"faults.crashes", "faults.links_down", "faults.stragglers", "faults.checkpoint_host"})
      if (e.message().rfind(std::string(key) + " ", 0) == 0) throw scenario.error(key, e.message());
    throw;
  }
}

}  // namespace

int run_command(const RunOptions& o) {
  note_phase("start");
  Scenario scenario = load_scenario(o);
  const bool simulate = scenario.get_string("run.network") == "simgrid";
  NetworkSetup network;
  if (simulate) network = build_network_setup(scenario, o.simgrid_args);
  const std::string out_dir =
      o.out_dir.empty() ? default_run_folder("results", scenario.get_string("name")) : o.out_dir;
  const bool show_progress = !o.quiet && ::isatty(STDERR_FILENO);  // before the child's stderr becomes a pipe
  // SimGrid may end the process mid-run: simulate in a child; the parent reports and cleans up.
  // The child loads the platform (once: the check and the run share it), then builds the
  // experiment itself: built before the fork, its memory would be shared copy-on-write and the
  // child would copy every page it writes (PP-MARINA, 100,000 workers: 1.04 million page faults
  // against 0.84 million in one process). Everything the user gave is checked before the first
  // round runs or a file is created, in the order of before: the platform, the output folder, the
  // data. A bad input ends the child with the usual one-line error and status 2, which the parent
  // passes on; a SimGrid abort while loading is "not a valid SimGrid platform", after it "SimGrid
  // stopped the run".
  LoadedPlatform platform;
  if (simulate) {
    const auto discard_half_written = [&out_dir](int child) { OutputFolder::discard_staging(out_dir, child); };
    if (const std::optional<int> child_status = fork_simulation_process(network.platform_file, discard_half_written))
      return *child_status;
    platform = load_run_platform(scenario, network);
    platform_loaded_in_child();
    note_phase("platform loaded");
  }
  OutputFolder folder(out_dir);
  Experiment ex = build_experiment(scenario);
  note_phase("experiment built");
  // A server that may crash resumes from a copy of itself; a method without one cannot.
  if (simulate && network.faults.crashes_host(network.roles.server) && !ex.method.server->snapshot())
    throw scenario.error("faults.crashes", "faults.crashes names the server host '" + network.roles.server +
                                               "', but method '" + ex.method.parameters.method +
                                               "' cannot be checkpointed (its server logic has no snapshot())");

  // The resolved scenario names the files actually used, so the run folder reruns as is.
  if (simulate) scenario.set_override("platform.file=" + network.platform_file);
  if (scenario.get_string("data.source") == "libsvm") scenario.set_override("data.path=" + ex.data_origin);

  // How many threads compute the steps changes no output byte, so it is not part of what
  // the run folder records: its scenario keeps run.threads at the default.
  const int threads = resolve_thread_count(
      o.threads >= 0 ? o.threads : static_cast<int>(scenario.get_int("run.threads")));
  network.threads = threads;
  const auto rounds = scenario.get_int("run.rounds");
  const auto seed = static_cast<std::uint64_t>(scenario.get_int("seed"));
  RecorderOptions recording = recorder_options(scenario);
  TerminalProgress progress(rounds, recording.metric);
  if (show_progress) recording.on_evaluation = [&](const TraceRow& r) { progress.show(r); };
  recording.test_accuracy = ex.test_accuracy;
  recording.threads = threads;
  EnergyGauge energy_gauge;
  if (simulate) {
    network.energy_gauge = &energy_gauge;
    recording.energy_j = [&energy_gauge]() -> std::optional<double> {
      if (!energy_gauge.connected()) return std::nullopt;
      return energy_gauge.joules();
    };
  }
  Recorder recorder(*ex.objective, recording);
  const auto wall_start = std::chrono::steady_clock::now();
  nlohmann::json accounting = nullptr, faults = nullptr, energy = nullptr, timeline = nullptr,
                 server_lost = nullptr;
  std::string timeline_file;
  if (simulate) {
    network.dense_message_bytes = static_cast<double>(ex.objective->dim() * ex.wire.value_bits()) / 8.0;
    network.gradient_flops = largest_gradient_flops(*ex.objective);
    SimulationOutcome outcome = run_simulation(platform, ex.method, network, rounds, seed, recorder);
    accounting = std::move(outcome.network);
    faults = std::move(outcome.faults);
    energy = std::move(outcome.energy);
    server_lost = std::move(outcome.server_lost);
    if (outcome.timeline) {
      const std::vector<TimelineSegment> segments = outcome.timeline->segments();
      timeline_file = timeline_csv(*outcome.timeline, segments);
      timeline = timeline_json(*outcome.timeline, segments);
    }
  } else {
    run_plain_loop(ex.method, rounds, seed, recorder, threads);
  }
  const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  note_phase("rounds done");
  progress.clear();

  // Moved, not copied: at 100,000 workers these hold hundreds of thousands of entries.
  RunFacts facts{scenario, ex, recorder, simulate ? "simgrid" : "none", simulate ? network.platform_file : "",
                 std::move(accounting), std::move(faults), std::move(energy), timeline, std::move(server_lost)};
  const std::string table = o.quiet ? std::string() : summary_table(facts);  // before summary_json takes the facts
  // Keys the run did not use go back to their defaults, so the folder's scenario reruns as is.
  Scenario resolved = scenario;
  reset_unused_keys(resolved);
  resolved.set_override("run.threads=0");
  folder.write("scenario.toml", resolved.resolved_toml());
  folder.write("trace.csv", trace_csv(recorder.rows()));
  if (!timeline.is_null()) folder.write(timeline["file"].get<std::string>(), timeline_file);
  std::string summary = summary_json(std::move(facts)).dump(2);
  summary += '\n';
  folder.write("summary.json", summary);
  folder.commit();

  if (!o.quiet) {
    std::cout << table;
    std::printf("%-22s %.3f s\n%-22s %s\n", "wall time", wall_s, "output", folder.path().c_str());
  }
  int status = 0;
  if (recorder.diverged()) {
    std::fprintf(stderr, "marina-sim: run diverged at round %ld: %s\n",
                 static_cast<long>(*recorder.diverged_round()), recorder.divergence_reason().c_str());
    status = kExitDiverged;
  }
  note_phase("outputs written");
  if (simulate) end_simulation_process(status);  // the simulation child: its outputs are written
  return status;
}

}  // namespace marina

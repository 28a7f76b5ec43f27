#include "sim/cli/cli.hpp"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>
#include <vector>

#include "sim/cli/advise_command.hpp"
#include "sim/cli/methods_command.hpp"
#include "sim/cli/platform_command.hpp"
#include "sim/output/plot.hpp"
#include "sim/cli/run_command.hpp"
#include "sim/cli/sweep_command.hpp"
#include "sim/scenario/scenario_schema.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/cli/theory_command.hpp"

namespace marina {

namespace {

constexpr int kExitUsage = 2;

// SimGrid's own options (--cfg=..., --log=...) are handed to the engine untouched.
std::vector<std::string> take_simgrid_args(std::vector<std::string>& args) {
  std::vector<std::string> simgrid;
  std::vector<std::string> rest;
  for (auto& a : args) {
    if (a.rfind("--cfg=", 0) == 0 || a.rfind("--log=", 0) == 0) simgrid.push_back(a);
    else rest.push_back(a);
  }
  args = rest;
  return simgrid;
}

std::string type_name(ValueType t) {
  switch (t) {
    case ValueType::boolean: return "bool";
    case ValueType::integer: return "integer";
    case ValueType::real: return "real";
    case ValueType::string: return "string";
    case ValueType::real_list: return "list of reals";
    case ValueType::param: return "number or keyword";
  }
  return "?";
}

int keys_command() {
  const Scenario defaults = Scenario::parse("", "defaults");
  for (const KeySpec& k : scenario_schema()) {
    std::string line = k.key + " (" + type_name(k.type);
    if (!k.choices.empty()) {
      line += ": ";
      for (std::size_t i = 0; i < k.choices.size(); ++i) line += (i ? "|" : "") + k.choices[i];
    }
    line += ")";
    std::printf("%-28s %s\n", line.c_str(), k.help.c_str());
  }
  std::printf("\nDefaults, as a scenario file:\n\n%s", defaults.resolved_toml().c_str());
  return 0;
}

}  // namespace

int cli_main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  RunOptions run;
  run.simgrid_args = take_simgrid_args(args);

  CLI::App app{
      "marina-sim: MARINA and its competitors as SimGrid actors on a modeled network.\n"
      "Every message's exact encoded size decides how long it takes on the simulated links."};
  app.name("marina-sim");
  app.require_subcommand(1);

  auto* run_cmd = app.add_subcommand("run", "run one scenario and write a run folder");
  run_cmd->add_option("scenario", run.scenario_path, "scenario file (TOML)")->required();
  run_cmd->add_option("--platform", run.platform_override, "SimGrid platform XML (overrides platform.file)");
  run_cmd->add_option("--set", run.overrides, "override a scenario key: --set key=value (repeatable)")
      ->allow_extra_args(false);
  run_cmd->add_option("--out", run.out_dir, "output folder (default: results/<name>-<n>)");
  run_cmd->add_flag("--quiet,-q", run.quiet, "print nothing on success");
  run_cmd->add_option("--threads", run.threads,
                      "threads computing a round's worker steps (0 = the machine's cores; default: run.threads); "
                      "outputs do not depend on it")
      ->check(CLI::Range(0, 1024));
  run_cmd->footer(
      "SimGrid options pass through: --cfg=network/model:CM02, --log=marina.thres:debug, ...\n"
      "Exit status: 0 ok, 2 bad input, 3 the run diverged.");

  auto* keys_cmd = app.add_subcommand("keys", "list every scenario key with its type, default and help");
  auto* methods_cmd = app.add_subcommand(
      "methods", "list every registered method, compressor and problem with what each declares about itself");

  SweepOptions sweep;
  auto* sweep_cmd = app.add_subcommand("sweep", "run a sweep (one process per run), then build its table and plots");
  sweep_cmd->add_option("sweep", sweep.sweep_path, "sweep file (TOML: [sweep] base, [set], [axes], [table])")->required();
  sweep_cmd->add_option("--jobs,-j", sweep.jobs, "runs in parallel (results do not depend on it)");
  sweep_cmd->add_option("--threads", sweep.threads,
                        "threads per run (default 0: the machine's cores divided among the --jobs runs, at least 1); "
                        "results do not depend on it")
      ->check(CLI::Range(0, 1024));
  sweep_cmd->add_option("--out", sweep.out_dir, "sweep folder (default: results/<sweep name>)");
  sweep_cmd->add_flag("--list", sweep.list,
                      "print one self-contained `marina-sim run` command per pending run (for GNU parallel, SLURM)");
  sweep_cmd->add_flag("--collect", sweep.collect, "build table.csv, table.md and plots from finished runs only");
  sweep_cmd->add_flag("--no-plots", sweep.no_plots, "skip the figures");

  AdviseOptions advise;
  auto* advise_cmd = add_advise_command(app, advise);

  PlatformRequest platform_request;
  auto* platform_cmd = add_platform_command(app, platform_request);

  std::string plot_dir;
  auto* plot_cmd = app.add_subcommand("plot", "draw ||grad f||^2 against bits, rounds and seconds (PNG and SVG)");
  plot_cmd->add_option("dir", plot_dir, "a run folder or a sweep folder")->required();

  std::string theory_scenario;
  std::vector<std::string> theory_overrides;
  auto* theory_cmd = app.add_subcommand(
      "theory", "print L, omega, zeta and every method's theory parameters and complexity for a scenario");
  theory_cmd->add_option("scenario", theory_scenario, "scenario file (TOML)")->required();
  theory_cmd->add_option("--set", theory_overrides, "override a scenario key: --set key=value (repeatable)")
      ->allow_extra_args(false);

  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);
    std::fprintf(stderr, "marina-sim: error: %s (see marina-sim --help)\n", e.what());
    return kExitUsage;
  }
  if (run_cmd->parsed()) return run_command(run);
  if (keys_cmd->parsed()) return keys_command();
  if (methods_cmd->parsed()) return methods_command();
  if (theory_cmd->parsed()) return theory_command(theory_scenario, theory_overrides);
  if (sweep_cmd->parsed()) return sweep_command(sweep);
  if (advise_cmd->parsed()) return advise_command(advise);
  if (plot_cmd->parsed()) return plot_command(plot_dir);
  if (platform_cmd->parsed()) return run_platform_command(platform_request);
  return kExitUsage;
}

}  // namespace marina

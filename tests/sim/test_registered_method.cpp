// A method defined only in this test binary (tests/sim/heavy_ball.*: one file pair and its
// registration) is a method like the built-in ones, with no line of sim/ changed (issue 17):
// `keys` lists it and its own key, scenarios load and are checked with it, it runs with the
// network simulated and off, and the usual errors refuse keys it does not read.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "methods/common/input_error.hpp"
#include "sim/cli/cli.hpp"
#include "sim/experiment/experiment.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/scenario/scenario_checks.hpp"
#include "tests/sim/in_child.hpp"

#ifndef MARINA_SOURCE_DIR
#define MARINA_SOURCE_DIR "."
#endif

namespace marina {
namespace {

namespace fs = std::filesystem;
using marina::testing::in_child;

const std::string kQuickstart = std::string(MARINA_SOURCE_DIR) + "/scenarios/quickstart.toml";

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A fresh folder for this test's outputs, removed when the test ends.
struct TempDir {
  fs::path path = fs::temp_directory_path() /
                  ("marina-heavy-ball-" + std::to_string(::getpid()) + "-" +
                   ::testing::UnitTest::GetInstance()->current_test_info()->name());
  TempDir() { fs::remove_all(path); fs::create_directories(path); }
  ~TempDir() { fs::remove_all(path); }
};

// Runs `marina-sim ARGS` in a child process with stdout going to `stdout_file`; "" if it
// exited with status 0, else what went wrong.
std::string run_cli(std::vector<std::string> args, const fs::path& stdout_file) {
  return in_child([&]() -> std::string {
    if (!std::freopen(stdout_file.c_str(), "w", stdout)) return "cannot redirect stdout";
    args.insert(args.begin(), "marina-sim");
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    try {
      const int status = cli_main(static_cast<int>(argv.size()), argv.data());
      return status == 0 ? "" : "exit status " + std::to_string(status);
    } catch (const InputError& e) {
      return std::string("input error: ") + e.what();
    }
  });
}

std::string error_of(const std::vector<std::string>& overrides) {
  try {
    const Scenario s = Scenario::load(kQuickstart, overrides);
    check_scenario_consistency(s);
    build_experiment(s);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

// trace.csv without its time columns, which only a simulated run fills.
std::vector<std::string> numeric_columns(const fs::path& trace) {
  std::vector<std::string> rows;
  std::istringstream in(read_text(trace));
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> fields;
    std::istringstream cells(line);
    for (std::string cell; std::getline(cells, cell, ',');) fields.push_back(cell);
    // round, (sim_time_s), bits..., loss, grad_norm_sq, local_grad_norm_sq_mean
    std::string kept = fields.at(0);
    for (std::size_t i = 2; i < 11 && i < fields.size(); ++i) kept += "," + fields[i];
    rows.push_back(kept);
  }
  return rows;
}

TEST(RegisteredMethod, KeysListsItAndItsOwnKey) {
  TempDir dir;
  ASSERT_EQ(run_cli({"keys"}, dir.path / "keys.txt"), "");
  const std::string keys = read_text(dir.path / "keys.txt");
  EXPECT_NE(keys.find("|ef21|dasha|dasha_page|heavy_ball) optimisation method"), std::string::npos) << keys;
  EXPECT_NE(keys.find("method.beta (real)           heavy_ball: momentum beta in x^{k+1}"), std::string::npos);
  EXPECT_NE(keys.find("\nbeta = 0.5  # heavy_ball: momentum beta"), std::string::npos) << "the resolved defaults";
}

TEST(RegisteredMethod, LoadsFromAScenarioAndPassesTheChecks) {
  const Scenario s = Scenario::load(kQuickstart, {"method.name=heavy_ball", "method.beta=0.25"});
  check_scenario_consistency(s);
  const Experiment ex = build_experiment(s);
  EXPECT_EQ(ex.method.parameters.method, "heavy_ball");
  EXPECT_EQ(ex.method.workers.size(), 5u);
  // Its theory step size: (1 - beta) / L.
  EXPECT_DOUBLE_EQ(ex.method.parameters.step_size, 0.75 / ex.objective->smoothness());
}

TEST(RegisteredMethod, KeysItDoesNotReadAreRefusedWithTheUsualError) {
  EXPECT_EQ(error_of({"method.name=heavy_ball", "method.clients=3"}),
            "--set: method.clients is set but method.name = \"heavy_ball\" has no clients (only pp_marina samples r "
            "of n)");
  EXPECT_EQ(error_of({"method.name=heavy_ball", "method.alpha=0.5"}),
            "--set: method.alpha is set but method.name = \"heavy_ball\" has no alpha (only diana and vr_diana have "
            "the shift step size alpha)");
}

TEST(RegisteredMethod, ItsOwnKeyIsRefusedUnderAnotherMethod) {
  EXPECT_EQ(error_of({"method.beta=0.3"}),
            "--set: method.beta is set but method.name = \"marina\" does not read it (only heavy_ball reads "
            "method.beta)");
  EXPECT_EQ(error_of({"method.name=heavy_ball", "method.beta=1"}),
            "--set: method.beta=1: method.beta must be >= 0 and < 1, got 1");
  EXPECT_EQ(error_of({"method.name=heavy_ball", "method.beta=0.3", "compressor.name=top_k"}),
            "--set: compressor.name = \"top_k\" is biased (contractive) but method.name = \"heavy_ball\" compresses "
            "nothing; only ef21 takes a biased compressor (paper-notes §4.5; unbiased: identity, rand_k, perm_k, "
            "qsgd, natural, natural_dithering)");
}

TEST(RegisteredMethod, RunsSimulatedAndNetworkOffToTheSameNumbers) {
  TempDir dir;
  const std::vector<std::string> common = {"run", kQuickstart, "--set", "method.name=heavy_ball", "--set",
                                           "method.beta=0.5", "--set", "run.rounds=200", "--quiet"};
  std::vector<std::string> off = common, simulated = common;
  off.insert(off.end(), {"--set", "run.network=none", "--out", (dir.path / "off").string()});
  simulated.insert(simulated.end(), {"--out", (dir.path / "simulated").string()});
  ASSERT_EQ(run_cli(off, dir.path / "off.txt"), "");
  ASSERT_EQ(run_cli(simulated, dir.path / "simulated.txt"), "");

  EXPECT_EQ(numeric_columns(dir.path / "off" / "trace.csv"), numeric_columns(dir.path / "simulated" / "trace.csv"));
  const std::string summary = read_text(dir.path / "simulated" / "summary.json");
  EXPECT_NE(summary.find("\"method\": \"heavy_ball\""), std::string::npos);
  EXPECT_NE(summary.find("\"status\": \"ok\""), std::string::npos);
  EXPECT_NE(summary.find("\"mode\": \"simgrid\""), std::string::npos);
  // The simulated clock moved, and the method descends.
  const auto rows = numeric_columns(dir.path / "simulated" / "trace.csv");
  ASSERT_GE(rows.size(), 3u);
  const std::string trace = read_text(dir.path / "simulated" / "trace.csv");
  std::istringstream lines(trace);
  std::string header, first, last, line;
  std::getline(lines, header);
  std::getline(lines, first);
  while (std::getline(lines, line)) last = line;
  const auto field = [](const std::string& row, int i) {
    std::istringstream cells(row);
    std::string cell;
    for (int k = 0; k <= i; ++k) std::getline(cells, cell, ',');
    return std::stod(cell);
  };
  EXPECT_GT(field(last, 1), 0.0) << "sim_time_s";
  EXPECT_LT(field(last, 9), 0.1 * field(first, 9)) << "grad_norm_sq";
}

// Its server is not copyable (no snapshot()), so it cannot be checkpointed: a scenario in
// which the server may crash is refused in one line, and nothing is written.
TEST(RegisteredMethod, AServerCrashIsRefusedForAServerThatCannotBeCheckpointed) {
  TempDir dir;
  const std::string said =
      run_cli({"run", kQuickstart, "--set", "method.name=heavy_ball", "--set", "faults.crashes=server@0.1..0.2",
               "--quiet", "--out", (dir.path / "out").string()},
              dir.path / "out.txt");
  EXPECT_NE(said.find("faults.crashes names the server host 'server', but method 'heavy_ball' cannot be "
                      "checkpointed (its server logic has no snapshot())"),
            std::string::npos)
      << said;
  EXPECT_FALSE(fs::exists(dir.path / "out"));
}

TEST(RegisteredMethod, WithoutMomentumItIsGd) {
  TempDir dir;
  const std::vector<std::string> common = {"run", kQuickstart, "--set", "run.network=none", "--set",
                                           "run.rounds=100", "--quiet"};
  std::vector<std::string> heavy = common, gd = common;
  heavy.insert(heavy.end(), {"--set", "method.name=heavy_ball", "--set", "method.beta=0", "--out",
                             (dir.path / "heavy").string()});
  gd.insert(gd.end(), {"--set", "method.name=gd", "--out", (dir.path / "gd").string()});
  ASSERT_EQ(run_cli(heavy, dir.path / "heavy.txt"), "");
  ASSERT_EQ(run_cli(gd, dir.path / "gd.txt"), "");
  EXPECT_EQ(read_text(dir.path / "heavy" / "trace.csv"), read_text(dir.path / "gd" / "trace.csv"));
}

}  // namespace
}  // namespace marina

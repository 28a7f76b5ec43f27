// The simulation runs in a child process whose stderr the parent relays
// (sim/engine/simulation_process.hpp): what a successful run prints must still arrive, and a
// run SimGrid kills must leave an earlier run folder at the same place untouched. The child
// loads the platform once for the check and the run: a platform SimGrid dies on is refused as
// before, in one line whatever the log level, and before any folder is made.
#include <gtest/gtest.h>

#include <algorithm>

#include "cli_harness.hpp"

namespace marina::testing {
namespace {

std::vector<std::string> quickstart_on(const std::string& platform, const std::string& workers, int n,
                                       const fs::path& out, std::vector<std::string> extra = {}) {
  std::vector<std::string> args{"run",   source_path("scenarios/quickstart.toml"),
                                "--set", "platform.file=" + source_path("tests/platforms/" + platform),
                                "--set", "platform.workers=" + workers,
                                "--set", "split.workers=" + std::to_string(n),
                                "--set", "run.rounds=20",
                                "--out", out.string()};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// SimGrid's log lines are held while the run may still die; a run that finishes prints all.
TEST(SimulationProcess, SuccessfulRunKeepsSimGridLogLines) {
  TempDir tmp;
  const CliResult r =
      run_cli(quickstart_on("wifi_rates.xml", "station {i}", 3, tmp / "out", {"--log=marina_server.thres:verbose"}),
              tmp.path());
  ASSERT_EQ(r.status, 0) << r.err;
  // One line per round 0..20, as the one-process run logged them, and nothing else.
  EXPECT_EQ(count_of(r.err, "[marina_server/VERBOSE] round "), 21u) << r.err;
  for (int k = 0; k <= 20; ++k)
    EXPECT_EQ(count_of(r.err, "] round " + std::to_string(k) + " done at "), 1u) << "round " << k << ":\n" << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 21) << r.err;
  EXPECT_EQ(r.err.find("marina-sim: error"), std::string::npos) << r.err;
}

// A link of the platform fails 2 ms into the run (state_file) and SimGrid ends the process after
// a few rounds: one line (the rounds it logged before are not shown), and the finished run
// already in the output folder is still there, byte for byte.
TEST(SimulationProcess, RunKilledBySimGridLeavesEarlierRunFolderUntouched) {
  TempDir tmp;
  const fs::path out = tmp / "out";
  const CliResult first = run_cli(quickstart_on("wifi_rates.xml", "station {i}", 3, out), tmp.path());
  ASSERT_EQ(first.status, 0) << first.err;
  const std::string summary = read_text(out / "summary.json");
  const std::string trace = read_text(out / "trace.csv");

  const CliResult killed =
      run_cli(quickstart_on("state_file_link_down.xml", "w{i}", 2, out, {"--log=marina_server.thres:verbose"}),
              tmp.path());
  EXPECT_EQ(killed.status, 2) << killed.err;
  EXPECT_EQ(std::count(killed.err.begin(), killed.err.end(), '\n'), 1) << killed.err;
  EXPECT_EQ(killed.err.rfind("marina-sim: error: ", 0), 0u) << killed.err;
  EXPECT_NE(killed.err.find("state_file_link_down.xml: SimGrid stopped the run: "), std::string::npos)
      << killed.err;
  EXPECT_EQ(read_text(out / "summary.json"), summary);
  EXPECT_EQ(read_text(out / "trace.csv"), trace);
  std::vector<std::string> left;
  for (const auto& entry : fs::directory_iterator(tmp.path())) left.push_back(entry.path().filename().string());
  EXPECT_EQ(left, std::vector<std::string>{"out"}) << "a staging folder was left behind";
}

std::vector<std::string> entries_of(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

// SimGrid segfaults while routing this dragonfly, in the child that will run the simulation:
// that is the platform's fault, said in one line without the chatter a verbose log held back.
TEST(SimulationProcess, PlatformSimGridDiesOnWhileLoadingIsRefusedInOneLine) {
  TempDir tmp;
  const CliResult r = run_cli(quickstart_on("cluster_dragonfly_more_groups.xml", "df-{i}", 4, tmp / "out",
                                            {"--set", "platform.server=df-11", "--log=root.thres:verbose"}),
                              tmp.path());
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_EQ(r.err.rfind("marina-sim: error: ", 0), 0u) << r.err;
  EXPECT_NE(r.err.find("cluster_dragonfly_more_groups.xml: not a valid SimGrid platform: Segmentation fault"),
            std::string::npos)
      << r.err;
  EXPECT_TRUE(entries_of(tmp.path()).empty()) << "a folder was left behind";
}

// The platform is checked before the output folder: a refused platform creates no results/
// folder and wins over an output folder that would be refused too.
TEST(SimulationProcess, PlatformIsCheckedBeforeTheOutputFolder) {
  TempDir tmp;
  const std::string quickstart = source_path("scenarios/quickstart.toml");
  const std::string bad = source_path("tests/bad_inputs/xml_unclosed_tag.xml");
  const CliResult by_default = run_cli({"run", quickstart, "--platform", bad}, tmp.path());
  EXPECT_EQ(by_default.status, 2) << by_default.err;
  EXPECT_NE(by_default.err.find("xml_unclosed_tag.xml:26"), std::string::npos) << by_default.err;
  EXPECT_TRUE(entries_of(tmp.path()).empty()) << "results/ was created for a refused platform";

  fs::create_directory(tmp / "mine");
  std::ofstream(tmp / "mine" / "notes.txt") << "not a run folder\n";
  const CliResult both = run_cli({"run", quickstart, "--platform", bad, "--out", (tmp / "mine").string()}, tmp.path());
  EXPECT_EQ(both.status, 2) << both.err;
  EXPECT_NE(both.err.find("xml_unclosed_tag.xml:26"), std::string::npos) << both.err;
  EXPECT_EQ(entries_of(tmp / "mine"), std::vector<std::string>{"notes.txt"});
  EXPECT_EQ(entries_of(tmp.path()), std::vector<std::string>{"mine"});
}

}  // namespace
}  // namespace marina::testing

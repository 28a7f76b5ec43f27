// Which host plays which role: a pattern, a list, every host but the server, or a SimGrid
// deployment file; and the network model chosen in the scenario.
#include <gtest/gtest.h>

#include "cli_harness.hpp"

namespace marina::testing {
namespace {

// A scenario on star5.xml that leaves platform.server / platform.workers unset.
void write_scenario(const fs::path& file, const std::string& platform_extra) {
  std::ofstream(file) << "[run]\nrounds = 10\n[platform]\nfile = \"" << source_path("platforms/star5.xml") << "\"\n"
                      << platform_extra;
}

std::vector<std::string> worker_hosts(const fs::path& run) {
  const auto s = read_json(run / "summary.json");
  std::vector<std::string> hosts;
  for (const auto& w : s["network"]["workers"]) hosts.push_back(w["host"]);
  return hosts;
}

TEST(RoleMapping, DeploymentFileNamesServerAndWorkersInOrder) {
  TempDir tmp;
  std::ofstream(tmp / "deploy.xml") << "<?xml version='1.0'?>\n<platform version=\"4.1\">\n"
                                       "  <actor host=\"worker-4\" function=\"server\"/>\n"
                                       "  <actor host=\"worker-2\" function=\"worker\"/>\n"
                                       "  <actor host=\"server\" function=\"worker\"/>\n"
                                       "  <actor host=\"worker-0\" function=\"worker\"/>\n"
                                       "  <actor host=\"worker-1\" function=\"worker\"/>\n"
                                       "  <actor host=\"worker-3\" function=\"worker\"/>\n</platform>\n";
  write_scenario(tmp / "s.toml", "deployment = \"deploy.xml\"\n");
  const CliResult r = run_cli({"run", (tmp / "s.toml").string(), "--out", (tmp / "run").string(), "-q"}, tmp.path());
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(read_json(tmp / "run" / "summary.json")["network"]["server"]["host"], "worker-4");
  EXPECT_EQ(worker_hosts(tmp / "run"), (std::vector<std::string>{"worker-2", "server", "worker-0", "worker-1", "worker-3"}));

  // A deployment with the wrong number of workers is the user's error.
  const CliResult bad = run_cli({"run", (tmp / "s.toml").string(), "--set", "split.workers=4", "--out",
                                 (tmp / "bad").string()}, tmp.path());
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("deployment names 5 workers"), std::string::npos) << bad.err;
}

TEST(RoleMapping, EveryHostButTheServerInNaturalOrder) {
  TempDir tmp;
  write_scenario(tmp / "s.toml", "workers = \"*\"\n");
  const CliResult r = run_cli({"run", (tmp / "s.toml").string(), "--out", (tmp / "run").string(), "-q"}, tmp.path());
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(worker_hosts(tmp / "run"),
            (std::vector<std::string>{"worker-0", "worker-1", "worker-2", "worker-3", "worker-4"}));
}

TEST(RoleMapping, ListOfHosts) {
  TempDir tmp;
  write_scenario(tmp / "s.toml", "workers = \"worker-3, worker-1, worker-0, worker-2, worker-4\"\n");
  const CliResult r = run_cli({"run", (tmp / "s.toml").string(), "--out", (tmp / "run").string(), "-q"}, tmp.path());
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(worker_hosts(tmp / "run").front(), "worker-3");
}

TEST(RoleMapping, NetworkModelFromTheScenarioChangesTheTiming) {
  TempDir tmp;
  write_scenario(tmp / "s.toml", "");
  ASSERT_EQ(run_cli({"run", (tmp / "s.toml").string(), "--out", (tmp / "lv08").string(), "-q"}, tmp.path()).status, 0);
  ASSERT_EQ(run_cli({"run", (tmp / "s.toml").string(), "--set", "platform.network_model=CM02", "--out",
                     (tmp / "cm02").string(), "-q"}, tmp.path()).status, 0);
  const double lv08 = read_json(tmp / "lv08" / "summary.json")["final"]["sim_time_s"];
  const double cm02 = read_json(tmp / "cm02" / "summary.json")["final"]["sim_time_s"];
  // CM02 drops LV08's 13.01 x latency factor: latency-bound rounds get several times faster.
  EXPECT_LT(cm02 * 3, lv08) << lv08 << " vs " << cm02;
  // And --cfg on the command line wins over the scenario.
  ASSERT_EQ(run_cli({"run", (tmp / "s.toml").string(), "--set", "platform.network_model=CM02",
                     "--cfg=network/model:LV08", "--out", (tmp / "back").string(), "-q"}, tmp.path()).status, 0);
  EXPECT_EQ(read_json(tmp / "back" / "summary.json")["final"]["sim_time_s"].get<double>(), lv08);
}

}  // namespace
}  // namespace marina::testing

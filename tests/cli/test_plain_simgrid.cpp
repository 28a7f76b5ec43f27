// Platform files are plain SimGrid platforms (issue 19, platforms/README.md "Energy"): every file
// in platforms/ and every kind `marina-sim platform` writes loads into a SimGrid program that
// links SimGrid alone (tests/plain_simgrid/load_platform.cpp), which finds the hosts the roles
// name, and SimGrid's own energy plugin reads the hosts' power from them. A file holding the
// <config> key of earlier versions is refused there, which is why marina-sim no longer writes it.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "cli_harness.hpp"

namespace marina::testing {
namespace {

struct Roles {
  std::string server, workers;  // workers: a pattern with {i}
  int n = 0;
};

std::vector<std::string> role_hosts(const Roles& r) {
  std::vector<std::string> hosts{r.server};
  for (int i = 0; i < r.n; ++i) {
    std::string w = r.workers;
    w.replace(w.find("{i}"), 3, std::to_string(i));
    hosts.push_back(w);
  }
  return hosts;
}

// The plain SimGrid program's report: the clock at the end and each named host's joules.
struct PlainRun {
  CliResult result;
  std::map<std::string, double> joules;
  double clock = -1;
};

PlainRun load_plainly(const fs::path& platform, const Roles& roles, const fs::path& workdir) {
  std::vector<std::string> args{platform.string(), "--log=root.thres:critical"};
  for (const std::string& h : role_hosts(roles)) args.push_back(h);
  PlainRun run{run_program(PLAIN_SIMGRID_LOAD_EXE, args, workdir), {}, -1};
  std::istringstream out(run.result.out);
  std::string line;
  while (std::getline(out, line)) {
    const auto space = line.rfind(' ');
    if (space == std::string::npos) continue;
    const std::string value = line.substr(space + 1);
    if (line.rfind("clock ", 0) == 0)
      run.clock = std::stod(value);
    else
      run.joules[line.substr(0, space)] = value == "unpowered" ? 0.0 : std::stod(value);
  }
  return run;
}

void expect_loads(const fs::path& platform, const Roles& roles, const fs::path& workdir) {
  const PlainRun run = load_plainly(platform, roles, workdir);
  ASSERT_EQ(run.result.status, 0) << platform << "\n" << run.result.err;
  for (const std::string& h : role_hosts(roles)) EXPECT_EQ(run.joules.count(h), 1u) << platform << ": " << h;
}

// The committed library, with the roles each file's header comment gives.
const std::map<std::string, Roles>& library() {
  static const std::map<std::string, Roles> files{
      {"star5.xml", {"server", "worker-{i}", 5}},
      {"wan5.xml", {"server", "worker-{i}", 5}},
      {"star16.xml", {"server", "worker-{i}", 16}},
      {"star16-bottleneck.xml", {"server", "worker-{i}", 16}},
      {"datacenter64.xml", {"server", "worker-{i}", 64}},
      {"fattree16.xml", {"node-16", "node-{i}", 16}},
      {"torus16.xml", {"node-16", "node-{i}", 16}},
      {"dragonfly16.xml", {"node-16", "node-{i}", 16}},
      {"wan16.xml", {"server", "worker-{i}", 16}},
      {"wan16-varying.xml", {"server", "worker-{i}", 16}},
  };
  return files;
}

TEST(PlainSimGrid, LoadsEveryFileOfThePlatformLibrary) {
  TempDir tmp;
  int seen = 0;
  for (const auto& entry : fs::directory_iterator(source_path("platforms"))) {
    if (entry.path().extension() != ".xml") continue;
    const std::string name = entry.path().filename().string();
    const auto it = library().find(name);
    ASSERT_NE(it, library().end()) << "platforms/" << name << " is not in this test's table: add its roles";
    expect_loads(entry.path(), it->second, tmp.path());
    ++seen;
  }
  EXPECT_EQ(seen, static_cast<int>(library().size()));
}

// Every kind the platform command knows, as its error for an unknown kind lists them:
// "... not in {star,star-bottleneck,...}".
std::vector<std::string> platform_kinds(const fs::path& workdir) {
  const CliResult r = run_cli({"platform", "no-such-kind"}, workdir);
  const auto begin = r.err.find('{'), end = r.err.find('}', begin);
  if (begin == std::string::npos || end == std::string::npos) return {};
  std::vector<std::string> kinds;
  std::istringstream list(r.err.substr(begin + 1, end - begin - 1));
  for (std::string k; std::getline(list, k, ',');) kinds.push_back(k);
  return kinds;
}

Roles generated_roles(const std::string& kind, int n) {
  if (kind == "fat-tree" || kind == "torus" || kind == "dragonfly") return {"node-" + std::to_string(n), "node-{i}", n};
  return {"server", "worker-{i}", n};
}

// With power (the default, and idle:epsilon:all_cores) and without, every kind loads plainly; with
// power, SimGrid's host_energy plugin charges the idle server and receiver exactly idle x time
// (one message moves, no host computes), so it read the wattage_per_state marina-sim wrote.
TEST(PlainSimGrid, LoadsEveryKindThePlatformCommandWrites) {
  TempDir tmp;
  const std::vector<std::string> kinds = platform_kinds(tmp.path());
  ASSERT_EQ(kinds.size(), 8u);
  const int n = 6;
  const std::vector<std::pair<std::vector<std::string>, double>> powers{
      {{}, 100.0},
      {{"--host-watts", "90:120:200", "--link-watts", "2:3"}, 90.0},
      {{"--host-watts", "none", "--host-off-watts", "none", "--link-watts", "none"}, 0.0}};
  for (const std::string& kind : kinds)
    for (const auto& [options, idle_w] : powers) {
      const fs::path file = tmp / (kind + ".xml");
      std::vector<std::string> args{"platform", kind, "-n", std::to_string(n), "-o", file.string()};
      args.insert(args.end(), options.begin(), options.end());
      const CliResult g = run_cli(args, tmp.path());
      ASSERT_EQ(g.status, 0) << kind << ": " << g.err;
      const Roles roles = generated_roles(kind, n);
      expect_loads(file, roles, tmp.path());
      const PlainRun run = load_plainly(file, roles, tmp.path());
      ASSERT_GT(run.clock, 0) << kind;
      for (const std::string& host : {roles.server, role_hosts(roles)[1]})
        EXPECT_NEAR(run.joules.at(host), idle_w * run.clock, 1e-12 * idle_w * run.clock) << kind << " " << host;
    }
}

// The control: the same file with the power of its links in marina-sim's old <config> key is
// refused by SimGrid (so the test above can fail), and by marina-sim with a line saying how to
// convert it.
TEST(PlainSimGrid, RefusesTheOldConfigKeyAsMarinaSimDoes) {
  TempDir tmp;
  const fs::path file = tmp / "old.xml";
  ASSERT_EQ(run_cli({"platform", "star", "-n", "3", "--link-watts", "none", "-o", file.string()}, tmp.path()).status, 0);
  std::string xml = read_text(file);
  const std::string open = "<platform version=\"4.1\">\n";
  xml.insert(xml.find(open) + open.size(), "  <config><prop id=\"marina/link_wattage_range\" value=\"1:1.5\"/></config>\n");
  std::ofstream(file) << xml;
  const PlainRun plain = load_plainly(file, {"server", "worker-{i}", 3}, tmp.path());
  EXPECT_NE(plain.result.status, 0);
  EXPECT_NE(plain.result.err.find("marina/link_wattage_range"), std::string::npos) << plain.result.err;

  const CliResult r = run_cli({"run", source_path("scenarios/quickstart.toml"), "--platform", file.string(), "--set",
                               "split.workers=3", "--set", "run.energy=off", "--out", (tmp / "run").string(), "-q"},
                              tmp.path());
  EXPECT_EQ(r.status, 2);
  const auto key = xml.find("marina/link_wattage_range");
  const std::string line = std::to_string(std::count(xml.begin(), xml.begin() + static_cast<long>(key), '\n') + 1);
  EXPECT_EQ(r.err.rfind("marina-sim: error: " + file.string() + ":" + line + ": marina/link_wattage_range is not a SimGrid", 0),
            0u)
      << r.err;
  EXPECT_NE(r.err.find("<prop id=\"wattage_range\" value=\"1:1.5\"/>"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_FALSE(fs::exists(tmp / "run"));
}

}  // namespace
}  // namespace marina::testing

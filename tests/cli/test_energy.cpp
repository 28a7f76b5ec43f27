// Energy in the run folder (docs/energy.md): metering changes no simulated time and no other
// output, adds energy_j to trace.csv and an energy object to summary.json, is deterministic,
// charges a crashed worker its off power from the crash on, and gives each target the joules
// of the round that reached it. Platforms come from `marina-sim platform`, whose default power
// properties switch energy on under run.energy = "auto".
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>

#include "cli_harness.hpp"

namespace marina::testing {
namespace {

CliResult run(const TempDir& tmp, const std::string& folder, const fs::path& platform, std::vector<std::string> sets) {
  std::vector<std::string> args{"run",        source_path("scenarios/quickstart.toml"), "--platform", platform.string(),
                                "--out",      (tmp / folder).string(),                   "-q",         "--set",
                                "run.rounds=600"};
  for (const auto& s : sets) {
    args.push_back("--set");
    args.push_back(s);
  }
  return run_cli(args, tmp.path());
}

fs::path generate(const TempDir& tmp, const std::string& name, std::vector<std::string> options = {}) {
  std::vector<std::string> args{"platform", "star", "-n", "5", "-o", (tmp / name).string()};
  args.insert(args.end(), options.begin(), options.end());
  const CliResult r = run_cli(args, tmp.path());
  EXPECT_EQ(r.status, 0) << r.err;
  return tmp / name;
}

// trace.csv without its last column.
std::string without_last_column(const std::string& csv) {
  std::string out, line;
  std::istringstream in(csv);
  while (std::getline(in, line)) out += line.substr(0, line.rfind(',')) + "\n";
  return out;
}

TEST(Energy, MeteringChangesNoSimulatedTimeAndNoOtherOutput) {
  TempDir tmp;
  const fs::path platform = generate(tmp, "star5-power.xml");
  ASSERT_EQ(run(tmp, "off", platform, {"run.energy=off"}).status, 0);
  const CliResult r = run(tmp, "auto", platform, {});
  ASSERT_EQ(r.status, 0) << r.err;

  const std::string off_trace = read_text(tmp / "off" / "trace.csv");
  const std::string on_trace = read_text(tmp / "auto" / "trace.csv");
  EXPECT_EQ(off_trace.find("energy_j"), std::string::npos);
  EXPECT_EQ(on_trace.substr(0, on_trace.find('\n')).substr(on_trace.find('\n') - 9), ",energy_j");
  EXPECT_EQ(without_last_column(on_trace), off_trace);  // every round at the same simulated time

  nlohmann::json off = read_json(tmp / "off" / "summary.json");
  nlohmann::json on = read_json(tmp / "auto" / "summary.json");
  EXPECT_TRUE(off["energy"].is_null());
  const nlohmann::json energy = on["energy"];
  ASSERT_TRUE(energy.is_object());
  off.erase("energy");
  on.erase("energy");
  EXPECT_EQ(on, off);

  // The trace's energy grows and ends at the summary's total; hosts and links add up.
  const CsvTable t = read_csv(tmp / "auto" / "trace.csv");
  for (std::size_t i = 1; i < t.rows.size(); ++i) EXPECT_GT(t.number(i, "energy_j"), t.number(i - 1, "energy_j"));
  EXPECT_DOUBLE_EQ(t.number(t.rows.size() - 1, "energy_j"), energy["total_j"].get<double>());
  EXPECT_DOUBLE_EQ(energy["until_s"].get<double>(), t.number(t.rows.size() - 1, "sim_time_s"));
  double hosts = 0, links = 0;
  for (const auto& [name, j] : energy["hosts"].items()) hosts += j.get<double>();
  for (const auto& [name, j] : energy["links"].items()) links += j.get<double>();
  EXPECT_EQ(energy["hosts"].size(), 6u);   // server and 5 workers
  EXPECT_EQ(energy["links"].size(), 12u);  // both halves of the server's and each worker's link
  EXPECT_NEAR(hosts, energy["hosts_total_j"].get<double>(), 1e-9 * hosts);
  EXPECT_NEAR(links, energy["links_total_j"].get<double>(), 1e-9 * links);
  EXPECT_NEAR(hosts + links, energy["total_j"].get<double>(), 1e-9 * (hosts + links));
  EXPECT_TRUE(energy["unpowered"].empty());
}

TEST(Energy, TwoRunsGiveTheSameJoulesToTheByte) {
  TempDir tmp;
  const fs::path platform = generate(tmp, "star5-power.xml");
  ASSERT_EQ(run(tmp, "a", platform, {}).status, 0);
  ASSERT_EQ(run(tmp, "b", platform, {}).status, 0);
  EXPECT_EQ(read_text(tmp / "a" / "trace.csv"), read_text(tmp / "b" / "trace.csv"));
  EXPECT_EQ(read_text(tmp / "a" / "summary.json"), read_text(tmp / "b" / "summary.json"));
}

TEST(Energy, EachTargetGetsTheJoulesOfTheRoundThatReachedIt) {
  TempDir tmp;
  const fs::path platform = generate(tmp, "star5-power.xml");
  ASSERT_EQ(run(tmp, "run", platform, {"run.targets=[1e-2, 1e-3, 1e-9]", "run.eval_every=1"}).status, 0);
  const nlohmann::json s = read_json(tmp / "run" / "summary.json");
  const CsvTable t = read_csv(tmp / "run" / "trace.csv");
  const nlohmann::json& targets = s["energy"]["targets"];
  ASSERT_EQ(targets.size(), s["targets"].size());
  for (std::size_t i = 0; i < targets.size(); ++i) {
    EXPECT_EQ(targets[i]["threshold"], s["targets"][i]["threshold"]);
    if (!s["targets"][i]["reached"].get<bool>()) {
      EXPECT_TRUE(targets[i]["joules"].is_null());
      continue;
    }
    const auto round = s["targets"][i]["round"].get<std::size_t>();  // eval_every = 1: row = round
    EXPECT_DOUBLE_EQ(targets[i]["joules"].get<double>(), t.number(round, "energy_j"));
  }
  EXPECT_TRUE(targets[0]["joules"].is_number());
  EXPECT_TRUE(targets[2]["joules"].is_null());  // 1e-9 is out of reach in 600 rounds
}

// Hosts at a flat 100 W whether they compute or not and 5 W when off, links unpowered: a
// worker that crashes at t = 0.3 s and never restarts draws 100 * 0.3 + 5 * (T - 0.3) J.
TEST(Energy, ACrashedWorkerDrawsItsOffPowerFromTheCrashOn) {
  TempDir tmp;
  const fs::path platform = generate(tmp, "star5-flat.xml", {"--host-watts", "100:100", "--link-watts", "none"});
  const CliResult r = run(tmp, "run", platform, {"faults.crashes=worker-2@0.3"});
  ASSERT_EQ(r.status, 0) << r.err;
  const nlohmann::json e = read_json(tmp / "run" / "summary.json")["energy"];
  const double T = e["until_s"].get<double>();
  ASSERT_GT(T, 0.3);
  EXPECT_NEAR(e["hosts"]["worker-2"].get<double>(), 100 * 0.3 + 5 * (T - 0.3), 1e-9);
  for (const char* host : {"server", "worker-0", "worker-1", "worker-3", "worker-4"})
    EXPECT_NEAR(e["hosts"][host].get<double>(), 100 * T, 1e-9) << host;
  EXPECT_EQ(e["links_total_j"].get<double>(), 0.0);
  EXPECT_EQ(e["unpowered"].size(), 12u);  // the links
}

TEST(Energy, OnForAPlatformWithoutPowerIsABadInput) {
  TempDir tmp;
  const CliResult r = run(tmp, "run", source_path("platforms/star5.xml"), {"run.energy=on"});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err.rfind("marina-sim: error: ", 0), 0u) << r.err;
  EXPECT_NE(r.err.find("run.energy = \"on\""), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_FALSE(fs::exists(tmp / "run"));
}

TEST(Energy, AMalformedHostPowerIsABadInputNotACrash) {
  TempDir tmp;
  const fs::path platform = generate(tmp, "star5-power.xml");
  std::string xml = read_text(platform);
  xml.replace(xml.find("100:200"), 7, "100:200,90:150");  // two pstates of power for one pstate of speed
  std::ofstream(tmp / "bad.xml") << xml;
  const CliResult r = run(tmp, "run", tmp / "bad.xml", {});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err.rfind("marina-sim: error: ", 0), 0u) << r.err;
  EXPECT_NE(r.err.find("energetic profiles"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(tmp / "run"));
}

TEST(Energy, ThePlatformCommandWritesPowerUnlessToldNone) {
  TempDir tmp;
  const std::string with = read_text(generate(tmp, "with.xml"));
  EXPECT_NE(with.find("<prop id=\"wattage_per_state\" value=\"100:200\"/>"), std::string::npos);
  EXPECT_NE(with.find("<prop id=\"wattage_off\" value=\"5\"/>"), std::string::npos);
  // Links and clusters carry SimGrid's own wattage_range; no <config> key SimGrid does not know.
  EXPECT_NE(with.find("sharing_policy=\"SPLITDUPLEX\"><prop id=\"wattage_range\" value=\"1:1.5\"/></link>"),
            std::string::npos);
  EXPECT_NE(with.find("<prop id=\"wattage_range\" value=\"1:1.5\"/>\n    </cluster>"), std::string::npos) << with;
  EXPECT_EQ(with.find("<config>"), std::string::npos);
  const std::string without = read_text(
      generate(tmp, "without.xml", {"--host-watts", "none", "--host-off-watts", "none", "--link-watts", "none"}));
  EXPECT_EQ(without.find("wattage"), std::string::npos);
  const CliResult bad = run_cli({"platform", "star", "--host-watts", "100"}, tmp.path());
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("--host-watts"), std::string::npos) << bad.err;
}

// The sweep table puts the joules to each target beside its seconds, as the median over seeds of
// each run's trace energy_j at the round that reached it; without energy the columns are absent.
TEST(Energy, TheSweepTableGivesJoulesToEachTargetWhenEveryRunMeteredEnergy) {
  TempDir tmp;
  const fs::path platform = generate(tmp, "star5-power.xml");
  for (const std::string energy : {"auto", "off"}) {
    std::ofstream(tmp / (energy + ".toml"))
        << "[sweep]\nbase = \"" << source_path("scenarios/quickstart.toml") << "\"\nname = \"e\"\n"
        << "[set]\nrun.rounds = 200\nrun.eval_every = 10\nrun.energy = \"" << energy << "\"\nplatform.file = \""
        << platform.string() << "\"\n[axes]\nseed = [1]\n[table]\nrelative_targets = [0.5, 1e-9]\n";
    const CliResult r = run_cli({"sweep", (tmp / (energy + ".toml")).string(), "--out", (tmp / energy).string(),
                                 "--no-plots"},
                                tmp.path());
    ASSERT_EQ(r.status, 0) << r.err;
  }
  const CsvTable with = read_csv(tmp / "auto" / "table.csv");
  const CsvTable without = read_csv(tmp / "off" / "table.csv");
  ASSERT_EQ(with.rows.size(), 1u);
  EXPECT_EQ(without.column("joules@rel0.5"), without.header.size());  // no such column
  EXPECT_EQ(with.rows[0][with.column("joules@rel1e-09")], "not reached");
  const auto round = static_cast<std::size_t>(std::stod(with.rows[0][with.column("rounds@rel0.5")]));
  const CsvTable trace = read_csv(tmp / "auto" / "runs" / "seed=1" / "trace.csv");
  ASSERT_LT(round / 10, trace.rows.size());  // eval_every = 10: row = round / 10
  EXPECT_DOUBLE_EQ(std::stod(with.rows[0][with.column("joules@rel0.5")]), trace.number(round / 10, "energy_j"));
  EXPECT_DOUBLE_EQ(std::stod(with.rows[0][with.column("seconds@rel0.5")]), trace.number(round / 10, "sim_time_s"));
  EXPECT_NE(read_text(tmp / "auto" / "table.md").find("J to rel0.5"), std::string::npos);
}

}  // namespace
}  // namespace marina::testing

// `marina-sim advise`: on platforms made by `marina-sim platform`, the network decides who
// reaches eps first (latency-bound: the fewest rounds; bandwidth-bound: the fewest bytes),
// a rerun reuses every finished run and prints the same answer, bad input is one line.
#include <gtest/gtest.h>

#include <limits>

#include "cli_harness.hpp"

namespace marina::testing {
namespace {

struct Winner {
  std::string label;
  double value = std::numeric_limits<double>::infinity();
};

// The reached row of advise.csv with the least value in `column`.
Winner least(const CsvTable& t, const std::string& column) {
  Winner w;
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    if (t.rows[i][t.column("status")] != "reached") continue;
    const double v = t.number(i, column);
    if (v < w.value) w = {t.rows[i][t.column("run")], v};
  }
  return w;
}

std::string cell(const CsvTable& t, const std::string& run, const std::string& column) {
  for (const auto& r : t.rows)
    if (r[t.column("run")] == run) return r[t.column(column)];
  return "no such run";
}

// Joules are a cost only where the platform measures energy; either way the output says
// which costs the front is over (the energy contract: summary.json "energy" null or not).
void expect_energy_stated(const CsvTable& t, const std::string& out) {
  bool joules = false;
  for (const auto& r : t.rows) joules = joules || (r[t.column("status")] == "reached" && r[t.column("joules")] != "n/a");
  EXPECT_NE(out.find(joules ? "the front is over seconds, bits and joules" : "the front is over seconds and bits only"),
            std::string::npos)
      << out;
}

CliResult advise_many_workers(const TempDir& tmp, const std::string& platform, const std::string& out) {
  return run_cli({"advise", source_path("tests/data/advise/many_workers.toml"), "--platform", platform, "--methods",
                  "gd,marina", "--k", "4,8,41", "--jobs", "2", "--out", out},
                 tmp.path());
}

// Latency-bound: star, 256 workers, 10 ms and 100 Gbps per link. LV08 charges one message
// 13.01 x the route latency + size / (0.97 min(bandwidth, gamma / (2 route latency)))
// (simgrid notes §0): the route server<->worker is link-server + the worker's link, 20 ms,
// so 0.26 s per message; a dense gradient (41 f32, ~165 B) takes 256 x 165 B / (0.97 x
// 12.5 GB/s) = 3.5 us through the shared server link and 1.6 us under the TCP window cap
// gamma / (2 x 20 ms) = 105 MB/s. Latency is five orders larger, so a round costs the same
// 2 x 0.26 s whatever is sent, and seconds to eps = rounds to eps x that: GD (or MARINA with
// K = d, which is GD with p = 1) needs the fewest rounds and must win.
TEST(Advise, LatencyBoundStarTheFewestRoundsWinSeconds) {
  TempDir tmp;
  const CliResult p = run_cli({"platform", "star", "-n", "256", "-b", "100Gbps", "-l", "10ms", "-o", "lat.xml"}, tmp.path());
  ASSERT_EQ(p.status, 0) << p.err;
  const CliResult r = advise_many_workers(tmp, "lat.xml", "lat");
  ASSERT_EQ(r.status, 0) << r.err;
  const CsvTable t = read_csv(tmp / "lat" / "advise.csv");
  ASSERT_EQ(t.rows.size(), 4u);  // gd, marina K = 4, 8, 41
  const Winner fastest = least(t, "seconds");
  EXPECT_TRUE(fastest.label == "gd" || fastest.label == "marina K=41") << fastest.label;
  EXPECT_EQ(fastest.label, least(t, "rounds").label);
  // Fewest bits is a compressed method all the same: bits do not depend on the network.
  EXPECT_EQ(least(t, "bits_per_worker").label, "marina K=4");
  EXPECT_NE(r.out.find("fewest seconds  " + fastest.label + " "), std::string::npos) << r.out;
  expect_energy_stated(t, r.out);
  EXPECT_TRUE(fs::is_regular_file(tmp / "lat" / "plots" / "front-seconds-bits.png"));
  EXPECT_TRUE(fs::is_regular_file(tmp / "lat" / "plots" / "front-seconds-bits.svg"));
}

// Bandwidth-bound: the same star at 10 kbps and 1 us. Latency costs 13.01 x 2 us = 26 us
// per message, while the 256 dense downlinks of a round queue on link-server: 256 x 1312
// bits / (0.97 x 10 kbps) = 35 s, and GD's dense uplinks as much again. Seconds to eps =
// bytes through link-server to eps. Every method broadcasts a dense downlink, so a MARINA
// round costs (1 + p + (1-p) x K x (32 + ~4 index bits) / 1312) dense vectors against GD's 2,
// for 1 + (d-K)/(K sqrt n) times GD's rounds (its theory step): for K = 8, 1.37 x 1.26 = 1.73
// < 2, for K = 41 (p = 1) 2 x 1. A small K must win.
TEST(Advise, BandwidthBoundStarSmallKWinsSeconds) {
  TempDir tmp;
  const CliResult p = run_cli({"platform", "star", "-n", "256", "-b", "10kbps", "-l", "1us", "-o", "bw.xml"}, tmp.path());
  ASSERT_EQ(p.status, 0) << p.err;
  const CliResult r = advise_many_workers(tmp, "bw.xml", "bw");
  ASSERT_EQ(r.status, 0) << r.err;
  const CsvTable t = read_csv(tmp / "bw" / "advise.csv");
  ASSERT_EQ(t.rows.size(), 4u);
  const Winner fastest = least(t, "seconds");
  EXPECT_TRUE(fastest.label == "marina K=4" || fastest.label == "marina K=8") << fastest.label;
  // The fastest run here is not the one with the fewest rounds (that is GD): bytes decide.
  EXPECT_EQ(least(t, "rounds").label, "gd");
  // GD is slower and sends more bits than the winner: off the front.
  EXPECT_EQ(cell(t, "gd", "on_front"), "0");
  EXPECT_EQ(cell(t, fastest.label, "on_front"), "1");
  EXPECT_EQ(least(t, "bits_per_worker").label, "marina K=4");
  expect_energy_stated(t, r.out);
}

std::vector<std::string> quick_advise(const std::string& out, const std::string& relative = "1e-2") {
  return {"advise", source_path("scenarios/quickstart.toml"), "--platform", source_path("platforms/star5.xml"),
          "--methods", "gd,marina", "--k", "8,41", "--rounds", "500", "--relative", relative, "--jobs", "2",
          "--out", out, "--no-plots"};
}

TEST(Advise, RerunReusesFinishedRunsAndPrintsTheSameAnswer) {
  TempDir tmp;
  const CliResult first = run_cli(quick_advise("q"), tmp.path());
  ASSERT_EQ(first.status, 0) << first.err;
  EXPECT_NE(first.err.find("3 runs, 3 computed now, 0 reused"), std::string::npos) << first.err;
  const fs::path runs = tmp / "q" / "runs";
  const auto gd_time = fs::last_write_time(runs / "name=gd" / "summary.json");
  const auto k8_time = fs::last_write_time(runs / "name=marina__k=8" / "summary.json");
  const std::string csv = read_text(tmp / "q" / "advise.csv");

  const CliResult again = run_cli(quick_advise("q"), tmp.path());
  ASSERT_EQ(again.status, 0) << again.err;
  EXPECT_NE(again.err.find("3 runs, 0 computed now, 3 reused"), std::string::npos) << again.err;
  EXPECT_EQ(again.out, first.out);
  EXPECT_EQ(read_text(tmp / "q" / "advise.csv"), csv);
  EXPECT_EQ(fs::last_write_time(runs / "name=gd" / "summary.json"), gd_time);
  EXPECT_EQ(fs::last_write_time(runs / "name=marina__k=8" / "summary.json"), k8_time);

  // An interrupted sweep: the missing run alone is redone, to the same answer.
  fs::remove_all(runs / "name=marina__k=41");
  const CliResult resumed = run_cli(quick_advise("q"), tmp.path());
  ASSERT_EQ(resumed.status, 0) << resumed.err;
  EXPECT_NE(resumed.err.find("3 runs, 1 computed now, 2 reused"), std::string::npos) << resumed.err;
  EXPECT_EQ(resumed.out, first.out);
  EXPECT_EQ(fs::last_write_time(runs / "name=gd" / "summary.json"), gd_time);

  // Another eps in the same folder would reuse runs made for the old one: refused.
  const CliResult other = run_cli(quick_advise("q", "1e-3"), tmp.path());
  EXPECT_EQ(other.status, 2);
  EXPECT_EQ(std::count(other.err.begin(), other.err.end(), '\n'), 1) << other.err;
  EXPECT_NE(other.err.find("use another --out"), std::string::npos) << other.err;
  EXPECT_EQ(read_text(tmp / "q" / "advise.csv"), csv);
}

// eps = 1e-8 of the start is out of reach in 500 rounds: every run says how low it got and
// when, the closest is named with an estimate, and the --relative it suggests is reached by
// that run when advise is asked again with it (the same runs: the suggestion is honest).
TEST(Advise, WhenNoRunReachesEpsItNamesTheClosestAndASuggestionThatWorks) {
  TempDir tmp;
  const CliResult far = run_cli(quick_advise("far", "1e-8"), tmp.path());
  ASSERT_EQ(far.status, 0) << far.err;
  EXPECT_NE(far.out.find("none: no run reached eps"), std::string::npos) << far.out;
  EXPECT_NE(far.out.find("lowest ||grad f||^2 relative to the start @ its round"), std::string::npos) << far.out;
  const auto closest = far.out.find("closest: ");
  ASSERT_NE(closest, std::string::npos) << far.out;
  EXPECT_NE(far.out.find("it would need about ", closest), std::string::npos) << far.out;
  EXPECT_NE(far.out.find("try --rounds ", closest), std::string::npos) << far.out;
  const auto relative = far.out.find("--relative ", closest);
  ASSERT_NE(relative, std::string::npos) << far.out;
  const std::string suggested = far.out.substr(relative + 11, far.out.find(' ', relative + 11) - relative - 11);
  const CsvTable t = read_csv(tmp / "far" / "advise.csv");
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    EXPECT_EQ(t.rows[i][t.column("status")], "not reached");
    EXPECT_LT(t.number(i, "lowest_relative"), 1.0);
    EXPECT_LE(t.number(i, "lowest_round"), 500);
  }
  const CliResult near = run_cli(quick_advise("near", suggested), tmp.path());
  ASSERT_EQ(near.status, 0) << near.err;
  EXPECT_EQ(near.out.find("closest: "), std::string::npos) << near.out;
  EXPECT_EQ(near.out.find("none: no run reached eps"), std::string::npos) << near.out;
}

// On a terminal (here the pseudo-terminal of util-linux's script), advise shows one progress
// line: runs done of the total, elapsed time and an estimate, as sweeps do.
TEST(Advise, ShowsProgressOnATerminal) {
  TempDir tmp;
  if (std::system("command -v script >/dev/null 2>&1") != 0) GTEST_SKIP() << "no script(1) to make a terminal";
  std::string advise = shell_quote(MARINA_EXE);
  for (const auto& a : quick_advise((tmp / "tty").string())) advise += " " + shell_quote(a);
  const std::string cmd = "cd " + shell_quote(tmp.path().string()) + " && script -q -e -c " + shell_quote(advise) +
                          " /dev/null > " + shell_quote((tmp / "terminal.txt").string()) + " 2>&1 </dev/null";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << read_text(tmp / "terminal.txt");
  const std::string seen = read_text(tmp / "terminal.txt");
  EXPECT_NE(seen.find("[advise quickstart] 3/3 runs done, 0 running, "), std::string::npos) << seen;
  EXPECT_NE(seen.find(" elapsed, "), std::string::npos) << seen;
  EXPECT_NE(seen.find(" left"), std::string::npos) << seen;
  // Not in files or pipes: the same advise without a terminal shows none.
  const CliResult piped = run_cli(quick_advise("piped"), tmp.path());
  EXPECT_EQ(piped.err.find("runs done"), std::string::npos) << piped.err;
}

TEST(Advise, BadInputIsOneLineAndWritesNothing) {
  TempDir tmp;
  const std::string scenario = source_path("scenarios/quickstart.toml");
  const std::string star5 = source_path("platforms/star5.xml");
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--methods", "gd,sgd"}, "unknown method 'sgd'"},
      {{"--methods", "gd,gd"}, "listed twice"},
      {{"--k", "0"}, "K = 0 is outside 1..d = 41"},
      {{"--k", "4,42"}, "K = 42 is outside 1..d = 41"},
      {{"--k", "4,4"}, "K = 4 is listed twice"},
      {{"--k", "1.5"}, "--k"},
      {{"--jobs", "0"}, "--jobs"},
      {{"--epsilon", "1e-4", "--relative", "1e-2"}, "exclude each other"},
      {{"--epsilon", "-1"}, "must be a number > 0"},
      {{"--rounds", "0"}, "--rounds"},
      {{"--set", "compressor.k=4", "--set", "no.such=1"}, "no.such"},
  };
  for (const auto& [extra, message] : cases) {
    std::vector<std::string> args{"advise", scenario, "--platform", star5, "--out", "out"};
    args.insert(args.end(), extra.begin(), extra.end());
    const CliResult r = run_cli(args, tmp.path());
    EXPECT_EQ(r.status, 2) << extra.back();
    EXPECT_EQ(r.err.rfind("marina-sim: error: ", 0), 0u) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_NE(r.err.find(message), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(tmp / "out")) << extra.back();
  }
  // A platform file that is not there, and one whose hosts do not match the scenario.
  const CliResult missing = run_cli({"advise", scenario, "--platform", "nowhere.xml", "--out", "out"}, tmp.path());
  EXPECT_EQ(missing.status, 2);
  EXPECT_EQ(missing.err, "marina-sim: error: nowhere.xml: cannot open platform file\n");
  const CliResult small = run_cli({"advise", source_path("tests/data/advise/many_workers.toml"), "--platform", star5,
                                   "--out", "out"},
                                  tmp.path());
  EXPECT_EQ(small.status, 2);
  EXPECT_EQ(std::count(small.err.begin(), small.err.end(), '\n'), 1) << small.err;
  EXPECT_FALSE(fs::exists(tmp / "out"));
}

}  // namespace
}  // namespace marina::testing

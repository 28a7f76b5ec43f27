// run.timeline end to end: with one straggler (faults.stragglers = worker-1*k) its computing
// intervals are exactly k times those of the same run without it, and while it computes the
// others and the server wait for it; each host's segments tile every recorded round; the
// figure is drawn; recording changes nothing else a run writes.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "cli_harness.hpp"

namespace marina::testing {
namespace {

struct Segment {
  std::string host, state;
  long round = 0;
  double start = 0, end = 0;
};

std::vector<Segment> segments(const fs::path& run) {
  const CsvTable t = read_csv(run / "timeline.csv");
  EXPECT_EQ(t.header, (std::vector<std::string>{"host", "worker", "round", "state", "start_s", "end_s"}));
  std::vector<Segment> out;
  for (std::size_t i = 0; i < t.rows.size(); ++i)
    out.push_back({t.rows[i][t.column("host")], t.rows[i][t.column("state")],
                   static_cast<long>(t.number(i, "round")), t.number(i, "start_s"), t.number(i, "end_s")});
  return out;
}

// host -> round -> its computing interval (one per round in these runs).
std::map<std::string, std::map<long, Segment>> computing(const std::vector<Segment>& all) {
  std::map<std::string, std::map<long, Segment>> out;
  for (const Segment& s : all)
    if (s.state == "computing") {
      EXPECT_FALSE(out[s.host].count(s.round)) << s.host << " computes twice in round " << s.round;
      out[s.host][s.round] = s;
    }
  return out;
}

std::string state_at(const std::vector<Segment>& all, const std::string& host, double t) {
  for (const Segment& s : all)
    if (s.host == host && s.start <= t && t < s.end) return s.state;
  return "nothing";
}

CliResult run(const TempDir& tmp, const std::string& folder, std::vector<std::string> sets) {
  std::vector<std::string> args{"run", source_path("scenarios/quickstart.toml"), "--out", (tmp / folder).string(), "-q",
                                "--set", "run.rounds=20", "--set", "faults.round_timeout=1"};
  for (const auto& s : sets) args.insert(args.end(), {"--set", s});
  return run_cli(args, tmp.path());
}

constexpr double kSlowdown = 20;  // worker-1 computes 20x slower: longer than a transfer takes

TEST(Timeline, AStragglerComputesKTimesLongerWhileTheOthersWaitForIt) {
  TempDir tmp;
  ASSERT_EQ(run(tmp, "slow", {"run.timeline=5..8", "faults.stragglers=worker-1*20"}).status, 0);
  ASSERT_EQ(run(tmp, "even", {"run.timeline=5..8"}).status, 0);
  const auto slow = segments(tmp / "slow"), even = segments(tmp / "even");
  const auto slow_c = computing(slow), even_c = computing(even);
  ASSERT_EQ(slow_c.size(), 6u);  // the server's aggregation and the five workers' steps
  for (long round = 5; round <= 8; ++round) {
    SCOPED_TRACE(round);
    for (const auto& [host, rounds] : slow_c) {
      ASSERT_TRUE(rounds.count(round) && even_c.at(host).count(round)) << host;
      const double mine = rounds.at(round).end - rounds.at(round).start;
      const double usual = even_c.at(host).at(round).end - even_c.at(host).at(round).start;
      // Same flops on the same host: the straggler's speed profile alone makes the difference.
      EXPECT_NEAR(mine / usual, host == "worker-1" ? kSlowdown : 1.0, 1e-9) << host;
    }
    // Near the end of the straggler's computation everyone else is waiting for it.
    const Segment& straggler = slow_c.at("worker-1").at(round);
    const double late = straggler.end - 0.01 * (straggler.end - straggler.start);
    for (const char* host : {"server", "worker-0", "worker-2", "worker-3", "worker-4"})
      EXPECT_EQ(state_at(slow, host, late), "waiting") << host;
    // Without the straggler nobody waits that long: its computation ends earlier.
    EXPECT_LT(even_c.at("worker-1").at(round).end - even_c.at("worker-1").at(round).start,
              straggler.end - straggler.start);
  }

  // Every host's segments tile each recorded round exactly, from the server's start to its end.
  const auto summary = read_json(tmp / "slow" / "summary.json");
  const auto& recorded = summary["timeline"]["recorded"];
  ASSERT_EQ(recorded.size(), 4u);
  EXPECT_EQ(summary["timeline"]["rounds"], "5..8");
  EXPECT_EQ(summary["timeline"]["segments"], slow.size());
  std::map<std::string, std::vector<Segment>> by_host;
  for (const Segment& s : slow) by_host[s.host].push_back(s);
  ASSERT_EQ(by_host.size(), 6u);
  for (const auto& [host, list] : by_host) {
    EXPECT_EQ(list.front().start, recorded[0]["start_s"].get<double>()) << host;
    EXPECT_EQ(list.back().end, recorded[3]["end_s"].get<double>()) << host;
    for (std::size_t i = 1; i < list.size(); ++i) EXPECT_EQ(list[i].start, list[i - 1].end) << host;
  }
  for (std::size_t r = 1; r < recorded.size(); ++r)
    EXPECT_EQ(recorded[r]["start_s"].get<double>(), recorded[r - 1]["end_s"].get<double>());
  // summary.json's per-host totals: the straggler waits least.
  double least = INFINITY;
  std::string least_host;
  for (const auto& h : summary["timeline"]["hosts"])
    if (h["waiting_s"].get<double>() < least) {
      least = h["waiting_s"].get<double>();
      least_host = h["host"].get<std::string>();
    }
  EXPECT_EQ(least_host, "worker-1");

  // The figure: PNG and SVG, a row per host.
  const CliResult plot = run_cli({"plot", (tmp / "slow").string()}, tmp.path());
  ASSERT_EQ(plot.status, 0) << plot.err;
  for (const char* ext : {"png", "svg"}) {
    const fs::path figure = tmp / "slow" / "plots" / (std::string("timeline.") + ext);
    EXPECT_TRUE(fs::exists(figure) && fs::file_size(figure) > 1000) << figure;
  }
  const std::string script = read_text(tmp / "slow" / "plots" / "timeline.gp");
  for (const char* row : {"'server' 0", "'worker-1' 2", "'worker-4' 5", "'round 5'", "title 'computing'",
                          "title 'waiting'"})
    EXPECT_NE(script.find(row), std::string::npos) << row;
}

// Recording reads the clock and nothing else: the same run with and without run.timeline, on
// the fault-free exchange (two threads) and under faults, writes the same trace.csv and the
// same summary.json but for its "timeline" entry.
TEST(Timeline, RecordingChangesNothingElseTheRunWrites) {
  TempDir tmp;
  for (const std::vector<std::string>& case_sets :
       {std::vector<std::string>{"run.threads=2"}, std::vector<std::string>{"faults.crashes=worker-3@0.004..0.006"}}) {
    std::vector<std::string> with = case_sets, without = case_sets;
    with.push_back("run.timeline=0..20");
    ASSERT_EQ(run(tmp, "with", with).status, 0);
    ASSERT_EQ(run(tmp, "without", without).status, 0);
    EXPECT_EQ(read_text(tmp / "with" / "trace.csv"), read_text(tmp / "without" / "trace.csv"));
    auto a = read_json(tmp / "with" / "summary.json"), b = read_json(tmp / "without" / "summary.json");
    EXPECT_TRUE(a.contains("timeline"));
    EXPECT_FALSE(b.contains("timeline"));
    a.erase("timeline");
    EXPECT_EQ(a, b);
    EXPECT_FALSE(fs::exists(tmp / "without" / "timeline.csv"));
    fs::remove_all(tmp / "with");
    fs::remove_all(tmp / "without");
  }
}

// Many workers: the figure keeps 16 worker rows, the slowest (the straggler) and the fastest
// among them, named as such.
TEST(Timeline, ManyWorkersShowTheSlowestTheFastestAndASample) {
  TempDir tmp;
  ASSERT_EQ(run_cli({"platform", "star", "-n", "40", "-o", "star40.xml"}, tmp.path()).status, 0);
  const CliResult r = run(tmp, "many", {"split.workers=40", "run.timeline=2..3", "faults.stragglers=worker-17*20",
                                        "platform.file=" + (tmp / "star40.xml").string()});
  ASSERT_EQ(r.status, 0) << r.err;
  ASSERT_EQ(run_cli({"plot", (tmp / "many").string()}, tmp.path()).status, 0);
  const std::string script = read_text(tmp / "many" / "plots" / "timeline.gp");
  EXPECT_NE(script.find("'worker-17 (slowest)'"), std::string::npos) << script;
  EXPECT_NE(script.find("(fastest)'"), std::string::npos) << script;
  EXPECT_NE(script.find("16 of 40 workers: the slowest, the fastest and a sample"), std::string::npos);
  EXPECT_NE(script.find("16)"), std::string::npos);  // rows 0 (server) .. 16
}

}  // namespace
}  // namespace marina::testing

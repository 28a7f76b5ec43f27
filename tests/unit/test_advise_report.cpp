// The report of `marina-sim advise` (sim/output/advise_report.cpp): joules become a cost
// exactly when every finished run measured energy; without them the front is over seconds
// and bits, and the output says so. A run that does not reach eps says how close it came;
// when none does, the closest is named with an estimate of the rounds it needs.
#include <gtest/gtest.h>

#include <cmath>

#include "sim/output/advise_report.hpp"

namespace marina {
namespace {

AdviseRow row(const std::string& method, std::optional<long> k, std::optional<double> seconds, double bits,
              std::optional<double> joules, bool energy) {
  AdviseRow r;
  r.run = "name=" + method + (k ? "__k=" + std::to_string(*k) : "");
  r.method = method;
  r.compressor = k ? "rand_k" : "identity";
  r.k = k;
  r.finished = true;
  r.reach.reached = seconds.has_value();
  r.reach.round = 10;
  r.reach.seconds = seconds.value_or(0);
  r.reach.bits_per_worker = seconds ? bits : 0;
  r.reach.energy_measured = energy;
  r.reach.joules = joules;
  return r;
}

const AdviseContext kContext{"quick", "star.xml", 5, 41, 100, "||grad f||^2 <= 1e-4", "out", "||grad f||^2", 0.01};

TEST(AdviseReport, WithoutEnergyTheFrontIsOverSecondsAndBits) {
  // gd is fastest, marina K=1 thriftiest, marina K=4 in between, marina K=2 dominated by
  // K=4, and marina K=8 never got there.
  const std::vector<AdviseRow> rows = {
      row("gd", std::nullopt, 1.0, 500, std::nullopt, false), row("marina", 1, 9.0, 100, std::nullopt, false),
      row("marina", 2, 6.0, 300, std::nullopt, false), row("marina", 4, 4.0, 200, std::nullopt, false),
      row("marina", 8, std::nullopt, 0, std::nullopt, false)};
  const AdviseReport r = build_advise_report(kContext, rows);
  EXPECT_FALSE(r.energy);
  EXPECT_NE(r.terminal.find("joules n/a; the front is over seconds and bits only"), std::string::npos);
  EXPECT_NE(r.terminal.find("fewest seconds  gd  (1 s)"), std::string::npos) << r.terminal;
  EXPECT_NE(r.terminal.find("fewest bits     marina K=1  (100 uplink bits per worker)"), std::string::npos);
  EXPECT_NE(r.terminal.find("least energy    n/a"), std::string::npos);
  EXPECT_NE(r.terminal.find("not reached within 100 rounds (lowest ||grad f||^2 relative to the start @ its round): "
                            "marina K=8"),
            std::string::npos)
      << r.terminal;
  EXPECT_EQ(r.terminal.find("closest:"), std::string::npos);  // some runs reached eps
  EXPECT_NE(r.csv.find("gd,name=gd,gd,identity,-,reached,10,1,500,n/a,1,-,-\n"), std::string::npos) << r.csv;
  EXPECT_NE(r.csv.find("marina K=2,name=marina__k=2,marina,rand_k,2,reached,10,6,300,n/a,0,-,-\n"), std::string::npos);
  EXPECT_NE(r.csv.find("marina K=8,name=marina__k=8,marina,rand_k,8,not reached,not reached,not reached,not "
                       "reached,not reached,0,-,-\n"),
            std::string::npos);
  ASSERT_EQ(r.reached.size(), 4u);
  EXPECT_EQ(r.reached[2].label, "marina K=2");
  EXPECT_FALSE(r.reached[2].on_front);
  EXPECT_TRUE(r.reached[3].on_front);
}

TEST(AdviseReport, MeasuredJoulesAreAThirdCost) {
  // marina K=2 is dominated in seconds and bits but spends the least energy: with joules
  // measured it is on the front and wins "least energy".
  const std::vector<AdviseRow> rows = {row("gd", std::nullopt, 1.0, 500, 40.0, true),
                                       row("marina", 1, 9.0, 100, 90.0, true),
                                       row("marina", 2, 9.5, 300, 20.0, true)};
  const AdviseReport r = build_advise_report(kContext, rows);
  EXPECT_TRUE(r.energy);
  EXPECT_NE(r.terminal.find("the front is over seconds, bits and joules"), std::string::npos);
  EXPECT_NE(r.terminal.find("least energy    marina K=2  (20 J)"), std::string::npos) << r.terminal;
  EXPECT_NE(r.csv.find("marina K=2,name=marina__k=2,marina,rand_k,2,reached,10,9.5,300,20,1,-,-\n"), std::string::npos)
      << r.csv;
  // The same runs without energy: K=2 falls off the front.
  std::vector<AdviseRow> off = rows;
  for (auto& x : off) {
    x.reach.energy_measured = false;
    x.reach.joules.reset();
  }
  EXPECT_NE(
      build_advise_report(kContext, off).csv.find("marina K=2,name=marina__k=2,marina,rand_k,2,reached,10,9.5,300,n/a,0,-,-\n"),
      std::string::npos);
}

TEST(AdviseReport, EnergyInSomeRunsOnlyIsNotACost) {
  const std::vector<AdviseRow> rows = {row("gd", std::nullopt, 1.0, 500, 40.0, true),
                                       row("marina", 1, 9.0, 100, std::nullopt, false)};
  const AdviseReport r = build_advise_report(kContext, rows);
  EXPECT_FALSE(r.energy);
  EXPECT_NE(r.terminal.find("energy: measured in 1 of 2 runs only"), std::string::npos);
}

// No run reached eps = 0.01 x the start: each says how low it got and when, the closest is named
// with the rounds it would need at its last rate, and --rounds and --relative are suggested.
TEST(AdviseReport, WhenNoRunReachesEpsTheClosestIsNamedWithAnEstimate) {
  std::vector<AdviseRow> rows = {row("gd", std::nullopt, std::nullopt, 0, std::nullopt, false),
                                 row("marina", 4, std::nullopt, 0, std::nullopt, false),
                                 row("marina", 8, std::nullopt, 0, std::nullopt, false)};
  rows[0].lowest = LowestPoint{0.2, 100};
  rows[1].lowest = LowestPoint{0.0321, 90};
  // Halving every 50 rounds from 0.032 at round 100: 0.01 after 100 + 50 log2(3.2) = 183.9 rounds.
  rows[1].rate = RateFit{-std::log(2.0) / 50, 50, 100, 6, 0.032};
  rows[2].lowest = LowestPoint{0.05, 100};
  rows[2].rate = RateFit{0.001, 50, 100, 6, 0.051};
  const AdviseReport r = build_advise_report(kContext, rows);
  EXPECT_NE(r.terminal.find("not reached within 100 rounds (lowest ||grad f||^2 relative to the start @ its round): "
                            "gd (lowest 0.2 @100), marina K=4 (lowest 0.0321 @90), marina K=8 (lowest 0.05 @100)"),
            std::string::npos)
      << r.terminal;
  EXPECT_NE(r.terminal.find("closest: marina K=4, down to 0.0321 x its start at round 90 (eps is 0.01 x the start)"),
            std::string::npos)
      << r.terminal;
  EXPECT_NE(r.terminal.find("at its rate over rounds 50..100 (a least-squares fit of ln ||grad f||^2 against the "
                            "round: it halves every 50 rounds) it would need about 184 rounds in all"),
            std::string::npos)
      << r.terminal;
  // 1.1 x 183.9 = 202.3, up to two digits: 210; 0.0321 up to one digit: 0.04.
  EXPECT_NE(r.terminal.find("try --rounds 210, or --relative 0.04 (what marina K=4 reached)"), std::string::npos)
      << r.terminal;
  EXPECT_NE(r.csv.find("marina K=4,name=marina__k=4,marina,rand_k,4,not reached,not reached,not reached,not "
                       "reached,not reached,0,0.0321,90\n"),
            std::string::npos)
      << r.csv;
  // The closest no longer decreasing: more rounds will not help, only --relative is suggested.
  rows[1].rate->per_round = 0.0;
  const AdviseReport flat = build_advise_report(kContext, rows);
  EXPECT_NE(flat.terminal.find("it no longer decreases over rounds 50..100"), std::string::npos) << flat.terminal;
  EXPECT_NE(flat.terminal.find("more rounds will not help\n  try --relative 0.04"), std::string::npos) << flat.terminal;
}

TEST(ReachEstimate, LowestPointAndTheRateOfTheLastHalf) {
  // v = 0.5^(k / 100) exactly for k = 0, 50, ..., 400, with a bump at k = 100 that the last
  // half (k >= 200) leaves out.
  std::vector<MetricPoint> trace;
  for (int k = 0; k <= 400; k += 50) trace.push_back({static_cast<double>(k), std::pow(0.5, k / 100.0)});
  trace[2].value = 5.0;
  const auto low = lowest_point(trace, 2.0);
  ASSERT_TRUE(low.has_value());
  EXPECT_DOUBLE_EQ(low->relative, std::pow(0.5, 4.0) / 2.0);
  EXPECT_EQ(low->round, 400);
  const auto fit = fit_last_rate(trace);
  ASSERT_TRUE(fit.has_value());
  EXPECT_EQ(fit->from_round, 200);
  EXPECT_EQ(fit->to_round, 400);
  EXPECT_EQ(fit->points, 5u);
  EXPECT_NEAR(fit->per_round, std::log(0.5) / 100, 1e-15);
  EXPECT_NEAR(fit->fitted_last, 0.0625, 1e-15);
  // 0.0625 -> 0.001: log2(62.5) halvings of 100 rounds each, after round 400.
  EXPECT_NEAR(*rounds_to_reach(*fit, 1e-3), 400 + 100 * std::log2(62.5), 1e-9);
  EXPECT_EQ(*rounds_to_reach(*fit, 0.1), 400);  // already below
  // Flat or rising: no estimate. Too few usable points: no fit.
  EXPECT_FALSE(rounds_to_reach(RateFit{0.0, 0, 10, 2, 1.0}, 0.5).has_value());
  EXPECT_FALSE(fit_last_rate({{0, 1.0}, {10, std::nan("")}}).has_value());
  EXPECT_FALSE(lowest_point({{0, std::nan("")}}, 1.0).has_value());
}

TEST(ReachEstimate, SuggestionsRoundUp) {
  EXPECT_DOUBLE_EQ(round_up_two_digits(5432), 5500);
  EXPECT_DOUBLE_EQ(round_up_two_digits(5500), 5500);
  EXPECT_DOUBLE_EQ(round_up_two_digits(202.3), 210);
  EXPECT_DOUBLE_EQ(round_up_one_digit(0.0321), 0.04);
  EXPECT_DOUBLE_EQ(round_up_one_digit(0.04), 0.04);
  EXPECT_DOUBLE_EQ(round_up_one_digit(0.9), 0.9);
}

}  // namespace
}  // namespace marina

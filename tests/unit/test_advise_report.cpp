// The report of `marina-sim advise` (sim/output/advise_report.cpp): joules become a cost
// exactly when every finished run measured energy; without them the front is over seconds
// and bits, and the output says so.
#include <gtest/gtest.h>

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

const AdviseContext kContext{"quick", "star.xml", 5, 41, 100, "||grad f||^2 <= 1e-4", "out"};

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
  EXPECT_NE(r.terminal.find("not reached within 100 rounds: marina K=8"), std::string::npos);
  EXPECT_NE(r.csv.find("gd,name=gd,gd,identity,-,reached,10,1,500,n/a,1\n"), std::string::npos) << r.csv;
  EXPECT_NE(r.csv.find("marina K=2,name=marina__k=2,marina,rand_k,2,reached,10,6,300,n/a,0\n"), std::string::npos);
  EXPECT_NE(r.csv.find("marina K=8,name=marina__k=8,marina,rand_k,8,not reached,not reached,not reached,not "
                       "reached,not reached,0\n"),
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
  EXPECT_NE(r.csv.find("marina K=2,name=marina__k=2,marina,rand_k,2,reached,10,9.5,300,20,1\n"), std::string::npos)
      << r.csv;
  // The same runs without energy: K=2 falls off the front.
  std::vector<AdviseRow> off = rows;
  for (auto& x : off) {
    x.reach.energy_measured = false;
    x.reach.joules.reset();
  }
  EXPECT_NE(build_advise_report(kContext, off).csv.find("marina K=2,name=marina__k=2,marina,rand_k,2,reached,10,9.5,300,n/a,0\n"),
            std::string::npos);
}

TEST(AdviseReport, EnergyInSomeRunsOnlyIsNotACost) {
  const std::vector<AdviseRow> rows = {row("gd", std::nullopt, 1.0, 500, 40.0, true),
                                       row("marina", 1, 9.0, 100, std::nullopt, false)};
  const AdviseReport r = build_advise_report(kContext, rows);
  EXPECT_FALSE(r.energy);
  EXPECT_NE(r.terminal.find("energy: measured in 1 of 2 runs only"), std::string::npos);
}

}  // namespace
}  // namespace marina

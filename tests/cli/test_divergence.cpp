// A run that blows up stops, says so in summary.json with the round, and exits with 3;
// its run folder is still complete (trace up to the divergence).
#include <gtest/gtest.h>

#include "cli_harness.hpp"

namespace marina::testing {
namespace {

TEST(Divergence, StepFarAboveTheTheoryStopsTheRunWithStatusThree) {
  TempDir tmp;
  // The loss term has bounded gradients, so make the regulariser dominate: with lambda = 1
  // and gamma = 100, x <- (1 - gamma lambda) x - ... multiplies x by about -99 a round.
  const CliResult r = run_cli({"run", source_path("scenarios/quickstart.toml"), "--set", "method.name=gd", "--set",
                               "compressor.name=identity", "--set", "problem.lambda=1", "--set",
                               "method.step_size=100", "--set",
                               "run.diverge_above=1e3", "--set", "run.eval_every=1", "--out",
                               (tmp / "run").string(), "-q"},
                              tmp.path());
  EXPECT_EQ(r.status, 3) << r.err;
  EXPECT_NE(r.err.find("diverged at round"), std::string::npos) << r.err;
  const auto s = read_json(tmp / "run" / "summary.json");
  EXPECT_EQ(s["status"], "diverged");
  ASSERT_TRUE(s["diverged"]["round"].is_number());
  EXPECT_LT(s["diverged"]["round"].get<int>(), 1000);
  EXPECT_EQ(s["rounds"], s["diverged"]["round"]);
}

TEST(Divergence, NormalRunsSayOk) {
  TempDir tmp;
  const CliResult r = run_cli({"run", source_path("scenarios/quickstart.toml"), "--set", "run.rounds=50", "--out",
                               (tmp / "run").string(), "-q"},
                              tmp.path());
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(read_json(tmp / "run" / "summary.json")["status"], "ok");
}

}  // namespace
}  // namespace marina::testing

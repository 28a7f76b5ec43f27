// Above --cfg=marina/fan-out-above participants the server posts a round's transfers from
// helper actors (sim/full_exchange.cpp), which only changes how fast the simulation runs:
// the same run with and without helpers gives byte-identical outputs.
#include <gtest/gtest.h>

#include "cli_harness.hpp"

namespace marina::testing {
namespace {

TEST(FanOut, HelperActorsChangeNoByteOfTheOutputs) {
  TempDir tmp;
  ASSERT_EQ(run_cli({"platform", "star", "-n", "150", "-o", (tmp / "star150.xml").string()}, tmp.path()).status, 0);
  for (const std::string method : {"marina", "pp_marina"}) {
    std::vector<std::string> base{"run",
                                  source_path("scenarios/quickstart.toml"),
                                  "--set",
                                  "split.workers=150",
                                  "--set",
                                  "data.groups=10",
                                  "--set",
                                  "run.rounds=60",
                                  "--set",
                                  "method.name=" + method,
                                  "--set",
                                  "platform.file=" + (tmp / "star150.xml").string(),
                                  "-q"};
    if (method == "pp_marina") base.insert(base.end(), {"--set", "method.clients=100", "--set", "method.p=0.3"});
    auto with = base, without = base;
    with.insert(with.end(), {"--out", (tmp / (method + "-helpers")).string()});  // default: 150 > 64
    without.insert(without.end(), {"--out", (tmp / (method + "-one")).string(), "--cfg=marina/fan-out-above:100000"});
    ASSERT_EQ(run_cli(with, tmp.path()).status, 0);
    ASSERT_EQ(run_cli(without, tmp.path()).status, 0);
    for (const char* file : {"trace.csv", "summary.json"})
      EXPECT_EQ(read_text(tmp / (method + "-helpers") / file), read_text(tmp / (method + "-one") / file))
          << method << " " << file;
    // Rounds with more than 64 participants happened (all 150, or PP-MARINA's 100 clients).
    EXPECT_GT(read_json(tmp / (method + "-helpers") / "summary.json")["final"]["sim_time_s"].get<double>(), 0.0);
  }
}

}  // namespace
}  // namespace marina::testing

// Above --cfg=marina/fan-out-above participants the server posts a round's transfers from
// helper actors (sim/engine/fan_out.hpp), which only changes how fast the simulation runs: the same
// run with and without helpers gives byte-identical outputs, with and without faults.
#include <gtest/gtest.h>

#include "cli_harness.hpp"

namespace marina::testing {
namespace {

TEST(FanOut, HelperActorsChangeNoByteOfTheOutputs) {
  TempDir tmp;
  ASSERT_EQ(run_cli({"platform", "star", "-n", "150", "-o", (tmp / "star150.xml").string()}, tmp.path()).status, 0);
  // The fault-free exchange (marina, pp_marina) and, under faults, the deadline exchange.
  for (const std::string method : {"marina", "pp_marina", "marina-faults"}) {
    std::vector<std::string> base{"run",
                                  source_path("scenarios/quickstart.toml"),
                                  "--set",
                                  "split.workers=150",
                                  "--set",
                                  "data.groups=10",
                                  "--set",
                                  "run.rounds=60",
                                  "--set",
                                  "method.name=" + method.substr(0, method.find('-')),
                                  "--set",
                                  "platform.file=" + (tmp / "star150.xml").string(),
                                  "-q"};
    if (method == "pp_marina") base.insert(base.end(), {"--set", "method.clients=100", "--set", "method.p=0.3"});
    if (method == "marina-faults")
      base.insert(base.end(), {"--set", "faults.crashes=worker-3@0.002..0.01,worker-140@0.004",
                               "--set", "faults.links_down=workers_link_7@0.003..0.006",
                               "--set", "faults.stragglers=worker-9*50@0.001..0.008"});
    auto with = base, without = base;
    with.insert(with.end(), {"--out", (tmp / (method + "-helpers")).string()});  // default: 150 > 64
    without.insert(without.end(), {"--out", (tmp / (method + "-one")).string(), "--cfg=marina/fan-out-above:100000"});
    ASSERT_EQ(run_cli(with, tmp.path()).status, 0);
    ASSERT_EQ(run_cli(without, tmp.path()).status, 0);
    for (const char* file : {"trace.csv", "summary.json"})
      EXPECT_EQ(read_text(tmp / (method + "-helpers") / file), read_text(tmp / (method + "-one") / file))
          << method << " " << file;
    // Rounds with more than 64 participants happened (all 150, or PP-MARINA's 100 clients),
    // and the faults did hit.
    const auto summary = read_json(tmp / (method + "-helpers") / "summary.json");
    EXPECT_GT(summary["final"]["sim_time_s"].get<double>(), 0.0);
    if (method == "marina-faults") {
      EXPECT_GT(summary["faults"]["uplinks_missed"].get<int>(), 3);
    }
  }
}

}  // namespace
}  // namespace marina::testing

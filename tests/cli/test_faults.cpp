// Faults on the simulated network (docs/faults.md): runs with crashed workers, links down
// and stragglers finish, say in summary.json what was lost, and are deterministic; a round
// that waits for a dead worker lasts exactly the round timeout; a timeout without faults
// changes nothing.
#include <gtest/gtest.h>

#include <cmath>

#include "cli_harness.hpp"

namespace marina::testing {
namespace {

CliResult run(const TempDir& tmp, const std::string& folder, std::vector<std::string> sets,
              const std::string& scenario = "scenarios/quickstart.toml") {
  std::vector<std::string> args{"run", source_path(scenario), "--out", (tmp / folder).string(), "-q"};
  for (const auto& s : sets) {
    args.push_back("--set");
    args.push_back(s);
  }
  return run_cli(args, tmp.path());
}

double final_grad(const TempDir& tmp, const std::string& folder) {
  return read_json(tmp / folder / "summary.json")["final"]["grad_norm_sq"].get<double>();
}

TEST(Faults, ARoundTimeoutWithoutFaultsChangesNoByteOfTheTrace) {
  TempDir tmp;
  ASSERT_EQ(run(tmp, "plain", {"run.rounds=500"}).status, 0);
  const CliResult r = run(tmp, "timeout", {"run.rounds=500", "faults.round_timeout=1"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(read_text(tmp / "plain" / "trace.csv"), read_text(tmp / "timeout" / "trace.csv"));
  const auto f = read_json(tmp / "timeout" / "summary.json")["faults"];
  EXPECT_EQ(f["round_timeout_s"], 1.0);
  EXPECT_EQ(f["round_timeout_from"], "scenario");
  EXPECT_EQ(f["rounds_timed_out"], 0);
  EXPECT_EQ(f["uplinks_missed"], 0);
  EXPECT_FALSE(read_json(tmp / "plain" / "summary.json").contains("faults"));
}

// worker-2 dies at 0.05 s for good, while its uplink is on the wire: the server sees that
// transfer fail at once. The next two rounds wait for it until their deadline (a send to a
// dead host just stays unmatched); after 3 missed rounds it is dropped. The server probes it
// 3 rounds later, then after 6, 12, ... rounds, at most 96 (32 x drop_after) apart: each
// failed probe is one more round that lasts exactly the timeout; all other rounds are short.
TEST(Faults, ACrashedWorkerIsDroppedAndProbedWithBackoffEachProbeCostingOneTimeout) {
  TempDir tmp;
  const CliResult r = run(tmp, "crash", {"run.rounds=400", "run.eval_every=1", "faults.crashes=worker-2@0.05"});
  ASSERT_EQ(r.status, 0) << r.err;
  const auto s = read_json(tmp / "crash" / "summary.json");
  const auto& f = s["faults"];
  EXPECT_EQ(f["round_timeout_from"], "platform (auto)");
  EXPECT_EQ(f["workers_dropped"], 1);
  EXPECT_EQ(f["workers_rejoined"], 0);
  EXPECT_EQ(f["dropped_at_end"], nlohmann::json::array({2}));
  EXPECT_EQ(f["per_worker"][0]["uplinks_missed"], 0);

  const double timeout = f["round_timeout_s"].get<double>();
  const CsvTable t = read_csv(tmp / "crash" / "trace.csv");
  std::vector<long> waited;  // rounds that lasted the timeout
  double longest_other = 0;
  for (std::size_t k = 1; k < t.rows.size(); ++k) {
    const double d = t.number(k, "sim_time_s") - t.number(k - 1, "sim_time_s");
    // A timed-out round ends at its deadline plus the server's aggregation (tens of ns here).
    if (std::abs(d - timeout) < 1e-7) {
      waited.push_back(static_cast<long>(k));
    } else {
      longest_other = std::max(longest_other, d);
    }
  }
  EXPECT_LT(longest_other, 0.6 * timeout);
  ASSERT_GE(waited.size(), 3u);
  const long dropped_in = waited[1];  // the crash round failed at once; then two waits
  EXPECT_EQ(waited[0] + 1, dropped_in);
  std::vector<long> expected{waited[0], dropped_in};
  long gap = 3;
  for (long probe = dropped_in + gap; probe <= 400; probe += gap) {
    expected.push_back(probe);
    gap = std::min(2 * gap, 96L);
  }
  EXPECT_EQ(waited, expected);
  const auto probes = static_cast<int>(expected.size()) - 2;
  EXPECT_EQ(f["probes"], probes);
  EXPECT_EQ(f["rounds_timed_out"], 2 + probes);
  EXPECT_EQ(f["uplinks_missed"], 3 + probes);
  EXPECT_EQ(f["per_worker"][2]["uplinks_missed"], 3 + probes);
  EXPECT_EQ(f["uplinks_skipped_dropped"].get<int>() + probes, 400 - dropped_in);
}

TEST(Faults, ARestartedWorkerRejoinsAndTheRunConvergesAsWithoutTheCrash) {
  TempDir tmp;
  ASSERT_EQ(run(tmp, "plain", {}).status, 0);
  ASSERT_EQ(run(tmp, "forever", {"faults.crashes=worker-2@0.3"}).status, 0);
  const CliResult r = run(tmp, "restart", {"faults.crashes=worker-2@0.3..0.9"});
  ASSERT_EQ(r.status, 0) << r.err;
  const auto f = read_json(tmp / "restart" / "summary.json")["faults"];
  EXPECT_EQ(f["workers_dropped"], 1);
  EXPECT_EQ(f["workers_rejoined"], 1);
  EXPECT_TRUE(f["dropped_at_end"].empty());
  EXPECT_GE(f["resyncs"].get<int>(), 1);
  // Back with its state and x resynchronised, MARINA converges on the full objective again;
  // without worker-2 it can only approach a stationary point of the other four shards.
  EXPECT_LT(final_grad(tmp, "restart"), 1.5 * final_grad(tmp, "plain"));
  EXPECT_GT(final_grad(tmp, "forever"), 4.0 * final_grad(tmp, "plain"));
}

TEST(Faults, LinkOutagesAndStragglersAreCountedAndTheRunFinishes) {
  TempDir tmp;
  ASSERT_EQ(run(tmp, "plain", {"run.rounds=1000"}).status, 0);
  ASSERT_EQ(run(tmp, "link", {"run.rounds=1000", "faults.links_down=link-worker-4@0.2..0.3"}).status, 0);
  ASSERT_EQ(run(tmp, "server-link", {"run.rounds=1000", "faults.links_down=link-server@0.2..0.3"}).status, 0);
  ASSERT_EQ(run(tmp, "slow", {"run.rounds=1000", "faults.stragglers=worker-1*40@0.1..0.3"}).status, 0);
  ASSERT_EQ(run(tmp, "mild", {"run.rounds=1000", "faults.stragglers=worker-1*2"}).status, 0);

  const auto link = read_json(tmp / "link" / "summary.json")["faults"];
  EXPECT_GE(link["downlinks_missed"].get<int>(), 1);
  EXPECT_EQ(link["workers_rejoined"], link["workers_dropped"]);
  EXPECT_EQ(link["per_worker"][3]["uplinks_missed"], 0);

  // The server's own link down cuts everyone off: rounds then wait out the timeout instead
  // of racing through with nobody, and everyone is back afterwards.
  const auto all = read_json(tmp / "server-link" / "summary.json");
  EXPECT_EQ(all["faults"]["workers_dropped"], 5);
  EXPECT_EQ(all["faults"]["workers_rejoined"], 5);
  EXPECT_GT(all["final"]["sim_time_s"].get<double>(), 0.3);

  // 40 times slower misses deadlines until dropped, and answers a probe once fast again;
  // 2 times slower only makes rounds longer.
  const auto slow = read_json(tmp / "slow" / "summary.json")["faults"];
  EXPECT_GE(slow["per_worker"][1]["uplinks_missed"].get<int>(), 3);
  EXPECT_GE(slow["rounds_timed_out"].get<int>(), 3);
  EXPECT_GE(slow["workers_dropped"].get<int>(), 1);
  EXPECT_EQ(slow["workers_rejoined"], slow["workers_dropped"]);
  const auto mild = read_json(tmp / "mild" / "summary.json");
  EXPECT_EQ(mild["faults"]["rounds_timed_out"], 0);
  EXPECT_GT(mild["final"]["sim_time_s"].get<double>(),
            read_json(tmp / "plain" / "summary.json")["final"]["sim_time_s"].get<double>());
  EXPECT_EQ(final_grad(tmp, "mild"), final_grad(tmp, "plain"));  // same numerics, only later
}

TEST(Faults, FaultRunsAreByteIdenticalWhenRepeated) {
  TempDir tmp;
  for (const char* folder : {"a", "b"})
    ASSERT_EQ(run(tmp, folder, {"run.rounds=1500"}, "scenarios/examples/faults.toml").status, 0);
  for (const char* file : {"trace.csv", "summary.json", "scenario.toml"})
    EXPECT_EQ(read_text(tmp / "a" / file), read_text(tmp / "b" / file)) << file;
  const auto f = read_json(tmp / "a" / "summary.json")["faults"];
  EXPECT_GT(f["uplinks_missed"].get<int>(), 0);
  EXPECT_GT(f["workers_rejoined"].get<int>(), 0);
}

// Every method finishes under the same crash, outage and straggler, whatever its policy
// (400 rounds take 0.2 s of simulated time, so the faults come early).
TEST(Faults, EveryMethodFinishesUnderFaults) {
  TempDir tmp;
  for (const std::string method : {"gd", "dcgd", "diana", "marina", "vr_marina", "vr_marina_online", "pp_marina",
                                   "vr_diana", "ef21", "dasha", "dasha_page"}) {
    std::vector<std::string> sets{"run.rounds=400", "method.name=" + method, "faults.crashes=worker-2@0.03..0.09",
                                  "faults.links_down=link-worker-4@0.05..0.07",
                                  "faults.stragglers=worker-1*40@0.01..0.1"};
    if (method == "gd") sets.push_back("compressor.name=identity");
    if (method == "pp_marina") sets.push_back("method.clients=3");
    const CliResult r = run(tmp, method, sets, "scenarios/examples/faults.toml");
    ASSERT_EQ(r.status, 0) << method << ": " << r.err;
    const auto s = read_json(tmp / method / "summary.json");
    EXPECT_EQ(s["status"], "ok") << method;
    EXPECT_GT(s["faults"]["uplinks_missed"].get<int>(), 0) << method;
  }
}

}  // namespace
}  // namespace marina::testing

// Faults on the simulated network (docs/faults.md): runs with crashed workers, links down
// and stragglers finish, say in summary.json what was lost, and are deterministic; a round
// that waits for a dead worker lasts exactly the round timeout; a timeout without faults
// changes nothing.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <random>

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

namespace marina::testing {
namespace {

// Random crashes, outages and stragglers over every method: runs never crash, hang or fail,
// and the counts add up. (Runs like these found the SimGrid traps docs/faults.md lists.)
TEST(Faults, RandomFaultPlansOverEveryMethodFinishAndAddUp) {
  TempDir tmp;
  std::mt19937_64 rng(20261129);
  const auto uniform = [&](double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(rng); };
  const auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<std::uint64_t>(n)); };
  const std::vector<std::string> methods{"gd",       "dcgd",     "diana", "marina", "vr_marina", "vr_marina_online",
                                         "pp_marina", "vr_diana", "ef21",  "dasha",  "dasha_page"};
  const auto window = [&](bool open_end) {
    const double from = uniform(0.001, 0.15);  // crashes must come after 0
    char text[64];
    if (open_end) {
      std::snprintf(text, sizeof text, "@%.4f", from);
    } else {
      std::snprintf(text, sizeof text, "@%.4f..%.4f", from, from + uniform(0.002, 0.08));
    }
    return std::string(text);
  };
  for (int run_index = 0; run_index < 33; ++run_index) {
    const std::string method = methods[static_cast<std::size_t>(run_index) % methods.size()];
    std::vector<std::string> sets{"run.rounds=250", "method.name=" + method};
    if (method == "gd") sets.push_back("compressor.name=identity");
    if (method == "pp_marina") sets.push_back("method.clients=" + std::to_string(1 + pick(5)));
    std::string crashes, links, slow;
    const int first = pick(5);
    for (int j = 0, count = pick(3); j < count; ++j)
      crashes += (j ? "," : "") + std::string("worker-") + std::to_string((first + j) % 5) + window(pick(4) == 0);
    const std::vector<std::string> names{"link-server", "link-worker-0", "link-worker-3"};
    for (int j = 0, count = pick(3); j < count; ++j)
      links += (j ? "," : "") + names[static_cast<std::size_t>(j)] + window(pick(5) == 0);
    for (int j = 0, count = pick(3); j < count; ++j)
      slow += (j ? "," : "") + std::string("worker-") + std::to_string((first + 2 + j) % 5) + "*" +
              std::to_string(std::vector<int>{2, 4, 40, 1000}[static_cast<std::size_t>(pick(4))]) + window(false);
    if (!crashes.empty()) sets.push_back("faults.crashes=" + crashes);
    if (!links.empty()) sets.push_back("faults.links_down=" + links);
    if (!slow.empty()) sets.push_back("faults.stragglers=" + slow);
    sets.push_back("faults.drop_after=" + std::to_string(pick(4)));
    if (pick(3) == 0) sets.push_back("faults.round_timeout=auto*0.4");
    std::string described;
    for (const auto& s : sets) described += " --set '" + s + "'";

    const std::string folder = "r" + std::to_string(run_index);
    const CliResult r = run(tmp, folder, sets);
    ASSERT_EQ(r.status, 0) << described << "\n" << r.err;
    const auto s = read_json(tmp / folder / "summary.json");
    const auto& f = s["faults"];
    EXPECT_EQ(s["status"], "ok") << described;
    std::int64_t per_worker_missed = 0;
    for (const auto& w : f["per_worker"]) per_worker_missed += w["uplinks_missed"].get<std::int64_t>();
    EXPECT_EQ(per_worker_missed, f["uplinks_missed"].get<std::int64_t>()) << described;
    EXPECT_GE(f["uplinks_missed"].get<std::int64_t>(), f["downlinks_missed"].get<std::int64_t>()) << described;
    EXPECT_LE(f["workers_rejoined"].get<std::int64_t>(), f["workers_dropped"].get<std::int64_t>()) << described;
    EXPECT_EQ(f["workers_dropped"].get<std::int64_t>() - f["workers_rejoined"].get<std::int64_t>(),
              static_cast<std::int64_t>(f["dropped_at_end"].size()))
        << described;
    EXPECT_TRUE(std::isfinite(s["final"]["grad_norm_sq"].get<double>())) << described;
    fs::remove_all(tmp / folder);
  }
}

}  // namespace
}  // namespace marina::testing

// The server crashes too (docs/faults.md "Server crashes"): it checkpoints every
// faults.checkpoint_every rounds, dies with its host, comes back through SimGrid's restart
// and carries on from its last checkpoint; or it never comes back and the run ends cleanly
// with status "server_lost".
//
// Crash times are taken from a "dry" run: the same scenario with a server crash far past the
// end (server@1e6), which checkpoints on the same schedule and so has the crash run's timing
// up to the crash, but never crashes.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>

#include "cli_harness.hpp"

namespace marina::testing {
namespace {

CliResult run(const TempDir& tmp, const std::string& folder, std::vector<std::string> sets) {
  std::vector<std::string> args{"run", source_path("scenarios/quickstart.toml"), "--out", (tmp / folder).string(),
                                "-q"};
  for (const auto& s : sets) {
    args.push_back("--set");
    args.push_back(s);
  }
  return run_cli(args, tmp.path());
}

std::vector<std::string> with(std::vector<std::string> sets, const std::vector<std::string>& more) {
  sets.insert(sets.end(), more.begin(), more.end());
  return sets;
}

// The end of round `round` in a trace with a row per round.
double round_end(const CsvTable& t, long round) {
  for (std::size_t r = 0; r < t.rows.size(); ++r)
    if (std::stol(t.rows[r][0]) == round) return t.number(r, "sim_time_s");
  ADD_FAILURE() << "no row for round " << round;
  return 0;
}

// The last round done by `time` in a dry run's trace (a row per round, in time order).
long last_round_done_by(const CsvTable& t, double time) {
  long last = -1;
  for (std::size_t r = 0; r < t.rows.size(); ++r)
    if (t.number(r, "sim_time_s") <= time) last = std::stol(t.rows[r][0]);
  return last;
}

std::string time_text(double t) {
  char s[64];
  std::snprintf(s, sizeof s, "%.17g", t);
  return s;
}

// A crash 1 ns after round 100 ended (its checkpoint written) finds every downlink of round
// 101 in flight: no worker has stepped in the round that is lost. With a checkpoint every
// round and the server back 1 ns later, nothing is lost: it carries on from round 100 with
// its random stream as it was, every worker resyncs, and survivor methods end at the very
// iterate of the run without the crash, whatever the compressor (no worker drew a number
// in the lost round). Stale-state methods rebuild their sum from the workers' states: the
// same states summed in another order, so the last bits differ.
TEST(ServerFaults, AnInstantRestartFromTheLastRoundsCheckpointEndsWhereTheRunWithoutTheCrashDoes) {
  TempDir tmp;
  const std::vector<std::vector<std::string>> methods{
      {"method.name=gd", "compressor.name=identity"},
      {"method.name=marina", "compressor.name=identity", "method.p=0.3"},
      {"method.name=marina"},  // RandK
      {"method.name=diana", "method.step_size=theory*10"},
      {"method.name=ef21", "compressor.name=top_k"}};
  for (std::size_t m = 0; m < methods.size(); ++m) {
    const std::vector<std::string> base =
        with(methods[m], {"run.rounds=300", "run.eval_every=1", "faults.checkpoint_every=1"});
    const std::string id = std::to_string(m);
    ASSERT_EQ(run(tmp, "dry" + id, with(base, {"faults.crashes=server@1e6"})).status, 0);
    const double t = round_end(read_csv(tmp / ("dry" + id) / "trace.csv"), 100) + 1e-9;
    const CliResult r =
        run(tmp, "crash" + id, with(base, {"faults.crashes=server@" + time_text(t) + ".." + time_text(t + 1e-9)}));
    ASSERT_EQ(r.status, 0) << r.err;
    const auto dry = read_json(tmp / ("dry" + id) / "summary.json");
    const auto crash = read_json(tmp / ("crash" + id) / "summary.json");
    const auto& server = crash["faults"]["server"];
    EXPECT_EQ(server["crashes"], 1) << methods[m][0];
    EXPECT_EQ(server["restarts"], 1);
    EXPECT_EQ(server["restored_from_rounds"], nlohmann::json::array({100}));
    EXPECT_EQ(server["rounds_lost"], 0);
    EXPECT_EQ(server["rounds_redone"], 0);
    EXPECT_EQ(crash["faults"]["uplinks_missed"], 0);
    EXPECT_EQ(crash["status"], "ok");
    const bool stale = methods[m][0] == "method.name=diana" || methods[m][0] == "method.name=ef21";
    EXPECT_EQ(server["rebuild_rounds"], stale ? 1 : 0);
    const double a = dry["final"]["grad_norm_sq"].get<double>(), b = crash["final"]["grad_norm_sq"].get<double>();
    if (stale) {
      EXPECT_EQ(server["rebuild_answers"], 5);
      EXPECT_LE(std::abs(a - b), 1e-9 * a) << methods[m][0];
    } else {
      EXPECT_EQ(dry["final"]["loss"], crash["final"]["loss"]) << methods[m][0];
      EXPECT_EQ(a, b) << methods[m][0];
    }
  }
}

// Checkpoints every 7 rounds; the crash comes while round k + 1 is under way, k being the
// last round done (read from the dry run). The server resumes from checkpoint 7 floor(k/7)
// (a crash during the write of checkpoint k loses it: round k is then not done either), so
// k - 7 floor(k/7) rounds are lost and redone, and trace.csv has each of their numbers twice.
TEST(ServerFaults, TheRoundsRedoneAreTheRoundsSinceTheLastCheckpoint) {
  TempDir tmp;
  const std::vector<std::string> base{"run.rounds=300", "run.eval_every=1", "faults.checkpoint_every=7"};
  ASSERT_EQ(run(tmp, "dry", with(base, {"faults.crashes=server@1e6"})).status, 0);
  const CsvTable dry = read_csv(tmp / "dry" / "trace.csv");
  for (const double offset : {1e-9, 1.3e-4, 2.9e-4, 4.1e-4}) {
    const double t = round_end(dry, 150) + offset;
    const long k = last_round_done_by(dry, t);
    const long checkpoint = 7 * (k / 7);
    const std::string folder = "crash" + std::to_string(static_cast<int>(offset * 1e6));
    const CliResult r =
        run(tmp, folder, with(base, {"faults.crashes=server@" + time_text(t) + ".." + time_text(t + 0.02)}));
    ASSERT_EQ(r.status, 0) << r.err;
    const auto s = read_json(tmp / folder / "summary.json");
    const auto& server = s["faults"]["server"];
    EXPECT_EQ(server["restored_from_rounds"], nlohmann::json::array({checkpoint})) << "crash at " << t;
    EXPECT_EQ(server["rounds_lost"], k - checkpoint) << "crash at " << t;
    EXPECT_EQ(server["rounds_redone"], k - checkpoint) << "crash at " << t;
    EXPECT_NEAR(server["downtime_s"].get<double>(), 0.02, 1e-12);
    std::map<long, int> seen;
    const CsvTable trace = read_csv(tmp / folder / "trace.csv");
    for (const auto& row : trace.rows) ++seen[std::stol(row[0])];
    for (long round = 0; round <= 300; ++round)
      EXPECT_EQ(seen[round], round > checkpoint && round <= k ? 2 : 1) << "round " << round << ", crash at " << t;
  }
}

// A write of B bytes to the local disk costs B / faults.checkpoint_rate seconds of the
// server's time; the checkpoint holds x and g in f64 (MARINA), the server's mt19937_64 state
// (312 words) and two scalars. Nothing else changes: the run without checkpoints computes
// the same numbers and ends exactly the write time earlier.
TEST(ServerFaults, ALocalCheckpointCostsItsBytesOverTheRate) {
  TempDir tmp;
  const std::vector<std::string> base{"run.rounds=100", "faults.round_timeout=1"};
  const CliResult r =
      run(tmp, "ssd",
          with(base, {"faults.crashes=server@1e6", "faults.checkpoint_every=10", "faults.checkpoint_rate=1e6"}));
  ASSERT_EQ(r.status, 0) << r.err;
  ASSERT_EQ(run(tmp, "plain", base).status, 0);
  const auto s = read_json(tmp / "ssd" / "summary.json");
  const auto plain = read_json(tmp / "plain" / "summary.json");
  const auto& server = s["faults"]["server"];
  const std::int64_t d = s["dim"].get<std::int64_t>();
  const std::int64_t bytes = 2 * 8 * d + 312 * 8 + 16;
  EXPECT_EQ(server["checkpoint_bytes"], bytes);
  EXPECT_EQ(server["checkpoints_written"], 10);  // after rounds 0, 10, ..., 90 (not after the last one)
  EXPECT_EQ(server["checkpoint_bytes_written"], 10 * bytes);
  const double write_s = server["checkpoint_write_s"].get<double>();
  EXPECT_NEAR(write_s, 10.0 * static_cast<double>(bytes) / 1e6, 1e-12);
  EXPECT_EQ(server["crashes"], 0);
  EXPECT_EQ(s["status"], "ok");
  EXPECT_EQ(s["final"]["loss"], plain["final"]["loss"]);
  EXPECT_EQ(s["network"]["payload_bytes"], plain["network"]["payload_bytes"]);
  EXPECT_NEAR(s["final"]["sim_time_s"].get<double>() - plain["final"]["sim_time_s"].get<double>(), write_s, 1e-12);
}

// To another host of the platform, a checkpoint is a transfer over the platform's links,
// counted in summary.json's network section; while that host is down the writes fail and
// their checkpoints are lost, and a restart resumes from the last one that was written.
TEST(ServerFaults, ARemoteCheckpointIsATransferAndFailsWhenItsHostIsDown) {
  TempDir tmp;
  const std::vector<std::string> base{"run.rounds=300", "run.eval_every=1", "faults.checkpoint_every=10"};
  const std::vector<std::string> remote = with(base, {"faults.checkpoint_host=worker-4"});
  ASSERT_EQ(run(tmp, "dry", with(remote, {"faults.crashes=server@1e6"})).status, 0);
  ASSERT_EQ(run(tmp, "plain", with(base, {"faults.round_timeout=1"})).status, 0);
  const auto dry = read_json(tmp / "dry" / "summary.json");
  const auto& server = dry["faults"]["server"];
  EXPECT_EQ(server["checkpoint_to"], "worker-4");
  EXPECT_EQ(server["checkpoints_written"], 30);
  EXPECT_GT(server["checkpoint_write_s"].get<double>(), 0.0);
  EXPECT_EQ(dry["network"]["payload_bytes"].get<std::uint64_t>() -
                read_json(tmp / "plain" / "summary.json")["network"]["payload_bytes"].get<std::uint64_t>(),
            server["checkpoint_bytes_written"].get<std::uint64_t>());
  // worker-4 down from about round 95 to about round 205, the server down later.
  const CsvTable trace = read_csv(tmp / "dry" / "trace.csv");
  const double worker_down = round_end(trace, 95), worker_up = round_end(trace, 205);
  const double server_down = round_end(trace, 280) + 1e-9;
  const CliResult r =
      run(tmp, "crash",
          with(remote, {"faults.crashes=worker-4@" + time_text(worker_down) + ".." + time_text(worker_up) + ",server@" +
                        time_text(server_down) + ".." + time_text(server_down + 0.01)}));
  ASSERT_EQ(r.status, 0) << r.err;
  const auto s = read_json(tmp / "crash" / "summary.json")["faults"]["server"];
  EXPECT_GE(s["checkpoints_lost"].get<int>(), 9);
  EXPECT_EQ(s["checkpoint_reads"], 1);
  EXPECT_GT(s["checkpoint_read_s"].get<double>(), 0.0);
  const int restored = s["restored_from_rounds"][0].get<int>();
  EXPECT_EQ(restored % 10, 0);
  EXPECT_GE(restored, 210);  // worker-4 is back: the checkpoints after it were written
}

// The server down for good: the run ends at once, exit 0, every file written, status
// "server_lost" with the last round done and when; trace.csv ends with that round (evaluated
// even though eval_every would have skipped it).
TEST(ServerFaults, AServerDownForGoodEndsTheRunCleanlyWithStatusServerLost) {
  TempDir tmp;
  for (const std::string method : {"marina", "diana"}) {
    const std::vector<std::string> base{"method.name=" + method, "run.rounds=1000", "run.eval_every=1"};
    ASSERT_EQ(run(tmp, "dry-" + method, with(base, {"faults.crashes=server@1e6"})).status, 0);
    const CsvTable dry = read_csv(tmp / ("dry-" + method) / "trace.csv");
    const double t = round_end(dry, 423) + 1e-4;
    const long k = last_round_done_by(dry, t);
    // Back once, then down for good.
    const double back = t + 0.05, again = t + 0.1;
    const std::string folder = "lost-" + method;
    const CliResult r =
        run(tmp, folder,
            {"method.name=" + method, "run.rounds=1000", "run.eval_every=7",
             "faults.crashes=server@" + time_text(t) + ".." + time_text(back) + ",server@" + time_text(again)});
    ASSERT_EQ(r.status, 0) << r.err;
    for (const char* file : {"scenario.toml", "trace.csv", "summary.json"})
      EXPECT_TRUE(fs::exists(tmp / folder / file)) << file;
    const auto s = read_json(tmp / folder / "summary.json");
    EXPECT_EQ(s["status"], "server_lost");
    const auto& server = s["faults"]["server"];
    EXPECT_EQ(server["crashes"], 2);
    EXPECT_EQ(server["restarts"], 1);
    EXPECT_EQ(server["lost"], true);
    EXPECT_DOUBLE_EQ(server["lost_at_s"].get<double>(), again);
    EXPECT_DOUBLE_EQ(s["server_lost"]["sim_time_s"].get<double>(), again);
    const long last = s["server_lost"]["round"].get<long>();
    EXPECT_GT(last, k);  // resumed from checkpoint 10 floor(k/10) and went on for 0.05 s
    EXPECT_LT(last, 1000);
    EXPECT_NE(last % 7, 0) << "the last row is one eval_every would have skipped";
    EXPECT_EQ(s["rounds"], last);
    const CsvTable trace = read_csv(tmp / folder / "trace.csv");
    EXPECT_EQ(std::stol(trace.rows.back()[0]), last);
    EXPECT_LE(trace.number(trace.rows.size() - 1, "sim_time_s"), again);
    EXPECT_DOUBLE_EQ(s["final"]["grad_norm_sq"].get<double>(), trace.number(trace.rows.size() - 1, "grad_norm_sq"));
    EXPECT_DOUBLE_EQ(s["network"]["server"]["wait_s"].get<double>() + s["network"]["server"]["comm_s"].get<double>() +
                         s["network"]["server"]["compute_s"].get<double>(),
                     again);
  }
}

// Down before round 0 is done: no round at all, still a clean run folder.
TEST(ServerFaults, AServerLostBeforeRoundZeroLeavesAnEmptyTraceAndExitsZero) {
  TempDir tmp;
  const CliResult r = run(tmp, "early", {"faults.crashes=server@1e-9"});
  ASSERT_EQ(r.status, 0) << r.err;
  const auto s = read_json(tmp / "early" / "summary.json");
  EXPECT_EQ(s["status"], "server_lost");
  EXPECT_TRUE(s["server_lost"]["round"].is_null());
  EXPECT_TRUE(read_csv(tmp / "early" / "trace.csv").rows.empty());
}

TEST(ServerFaults, ServerCrashRunsAreByteIdenticalWhenRepeated) {
  TempDir tmp;
  const std::vector<std::string> sets{"run.rounds=1500", "method.name=ef21", "compressor.name=top_k",
                                      "faults.checkpoint_every=25",
                                      "faults.crashes=server@0.2..0.25,worker-2@0.22..0.4,server@0.5..0.51"};
  for (const char* folder : {"a", "b"}) ASSERT_EQ(run(tmp, folder, sets).status, 0);
  for (const char* file : {"trace.csv", "summary.json", "scenario.toml"})
    EXPECT_EQ(read_text(tmp / "a" / file), read_text(tmp / "b" / file)) << file;
  const auto server = read_json(tmp / "a" / "summary.json")["faults"]["server"];
  EXPECT_EQ(server["restarts"], 2);
  EXPECT_EQ(server["rebuild_rounds"], 2);
  // worker-2 is down during the first rebuild: it forgets its state, told so by a downlink.
  EXPECT_GE(server["rebuild_missed"].get<int>(), 1);
  EXPECT_GE(read_json(tmp / "a" / "summary.json")["faults"]["forget_downlinks"].get<int>(), 1);
}

// Whatever the method, a crash and a restart mid-run, with a worker down across it, end the
// run normally, and the uplink bits still add up per worker (rebuild answers included).
TEST(ServerFaults, EveryMethodSurvivesAServerCrash) {
  TempDir tmp;
  for (const std::string method : {"gd", "dcgd", "diana", "marina", "vr_marina", "vr_marina_online", "pp_marina",
                                   "vr_diana", "ef21", "dasha", "dasha_page"}) {
    std::vector<std::string> sets{"run.rounds=400", "method.name=" + method, "faults.checkpoint_every=15",
                                  "faults.crashes=server@0.05..0.07,worker-1@0.06..0.1"};
    if (method == "gd") sets.push_back("compressor.name=identity");
    if (method == "ef21") sets.push_back("compressor.name=top_k");
    if (method == "pp_marina") sets.push_back("method.clients=3");
    const CliResult r = run(tmp, method, sets);
    ASSERT_EQ(r.status, 0) << method << ": " << r.err;
    const auto s = read_json(tmp / method / "summary.json");
    EXPECT_EQ(s["status"], "ok") << method;
    EXPECT_EQ(s["rounds"], 400) << method;
    EXPECT_EQ(s["faults"]["server"]["restarts"], 1) << method;
    std::uint64_t by_worker = 0;
    for (const auto& b : s["uplink_bits_by_worker"]) by_worker += b.get<std::uint64_t>();
    EXPECT_EQ(by_worker, s["final"]["uplink_bits_total"].get<std::uint64_t>()) << method;
    EXPECT_TRUE(std::isfinite(s["final"]["grad_norm_sq"].get<double>())) << method;
  }
}

// Random server and worker crashes, link outages and checkpoint settings over every method:
// runs never hang or fail, end "ok" after all their rounds or "server_lost" when the server's
// last crash has no restart, and their uplink bits add up per worker. (While this was built,
// 120 plans like these ran clean over the 5-worker star and 3 over 100 workers.)
TEST(ServerFaults, RandomServerCrashPlansOverEveryMethodFinishAndAddUp) {
  TempDir tmp;
  std::mt19937_64 rng(20261207);
  const auto uniform = [&](double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(rng); };
  const auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<std::uint64_t>(n)); };
  const std::vector<std::string> methods{"gd",        "dcgd",     "diana", "marina", "vr_marina", "vr_marina_online",
                                         "pp_marina", "vr_diana", "ef21",  "dasha",  "dasha_page"};
  int lost_runs = 0;
  for (std::size_t run_index = 0; run_index < methods.size(); ++run_index) {
    const std::string& method = methods[run_index];
    std::vector<std::string> sets{"run.rounds=250", "method.name=" + method,
                                  "faults.checkpoint_every=" + std::to_string(std::vector<int>{1, 3, 10, 50}[pick(4)])};
    if (method == "gd") sets.push_back("compressor.name=identity");
    if (method == "ef21") sets.push_back("compressor.name=top_k");
    if (method == "pp_marina") sets.push_back("method.clients=" + std::to_string(1 + pick(5)));
    std::string crashes;
    bool lost = false;
    double t = uniform(0.001, 0.1);
    for (int j = 0, count = 1 + pick(2); j < count; ++j) {
      crashes += (j ? "," : "") + std::string("server@") + time_text(t);
      if (pick(6) == 0) {
        lost = true;
        break;
      }
      const double down = std::vector<double>{1e-9, 1e-4, 0.003, 0.03}[pick(4)];
      crashes += ".." + time_text(t + down);
      t += down + uniform(0.001, 0.05);
    }
    const int worker = pick(4);  // worker-4 never crashes: the keeper's host
    const double w = uniform(0.001, 0.12);
    crashes += ",worker-" + std::to_string(worker) + "@" + time_text(w) + ".." + time_text(w + uniform(0.001, 0.05));
    sets.push_back("faults.crashes=" + crashes);
    if (pick(3) == 0) sets.push_back("faults.checkpoint_host=worker-" + std::to_string(pick(5)));
    if (pick(3) == 0) {
      const double l = uniform(0.001, 0.12);
      sets.push_back("faults.links_down=link-worker-3@" + time_text(l) + ".." + time_text(l + uniform(0.001, 0.03)));
    }
    std::string described;
    for (const auto& s : sets) described += " --set '" + s + "'";

    const std::string folder = "r" + std::to_string(run_index);
    const CliResult r = run(tmp, folder, sets);
    ASSERT_EQ(r.status, 0) << described << "\n" << r.err;
    EXPECT_EQ(r.err.find("Deadlock"), std::string::npos) << described << "\n" << r.err;
    const auto s = read_json(tmp / folder / "summary.json");
    const auto& server = s["faults"]["server"];
    EXPECT_EQ(server["lost"], s["status"] == "server_lost") << described;
    // Every round lost is done again once the server is back for good.
    if (s["status"] == "ok") {
      EXPECT_EQ(s["rounds"], 250) << described;
      EXPECT_EQ(server["rounds_redone"], server["rounds_lost"]) << described;
    } else {
      ++lost_runs;
      EXPECT_TRUE(lost) << described;  // a plan that brings the server back always finishes
      EXPECT_LE(server["rounds_redone"].get<int>(), server["rounds_lost"].get<int>()) << described;
    }
    if (s.contains("final")) {
      std::uint64_t by_worker = 0;
      for (const auto& b : s["uplink_bits_by_worker"]) by_worker += b.get<std::uint64_t>();
      EXPECT_EQ(by_worker, s["final"]["uplink_bits_total"].get<std::uint64_t>()) << described;
      EXPECT_TRUE(std::isfinite(s["final"]["grad_norm_sq"].get<double>())) << described;
    }
    fs::remove_all(tmp / folder);
  }
  // The plans (fixed by the seed) cover both endings.
  EXPECT_GT(lost_runs, 0);
  EXPECT_LT(lost_runs, static_cast<int>(methods.size()));
}

}  // namespace
}  // namespace marina::testing

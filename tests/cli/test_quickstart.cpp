// The quickstart end to end: it converges, MARINA beats DIANA in uplink bits, reruns are
// byte-identical, seeds matter, and switching the network off changes no number but time.
#include <gtest/gtest.h>

#include "cli_harness.hpp"

namespace marina::testing {
namespace {

const std::string kQuickstart = source_path("scenarios/quickstart.toml");

// Uplink bits per worker at the first evaluated round where ||grad f||^2 has fallen by
// `factor` from round 0; +infinity if it never does (a run that never gets there costs more).
double bits_to_reduction(const CsvTable& t, double factor) {
  const double start = t.number(0, "grad_norm_sq");
  for (std::size_t r = 0; r < t.rows.size(); ++r)
    if (t.number(r, "grad_norm_sq") <= start / factor) return t.number(r, "uplink_bits_per_worker");
  return std::numeric_limits<double>::infinity();
}

TEST(Quickstart, ConvergesAndMarinaNeedsFewerBitsThanDiana) {
  TempDir tmp;
  const CliResult marina = run_cli({"run", kQuickstart, "--out", (tmp / "marina").string()}, tmp.path());
  ASSERT_EQ(marina.status, 0) << marina.err;
  const CsvTable m = read_csv(tmp / "marina" / "trace.csv");
  ASSERT_GE(m.rows.size(), 2u);
  const double first = m.number(0, "grad_norm_sq");
  const double last = m.number(m.rows.size() - 1, "grad_norm_sq");
  EXPECT_LE(last, first / 100.0) << "||grad f||^2 went from " << first << " to " << last;

  const CliResult diana = run_cli({"run", kQuickstart, "--set", "method.name=diana", "--out",
                                   (tmp / "diana").string()}, tmp.path());
  ASSERT_EQ(diana.status, 0) << diana.err;
  const CsvTable d = read_csv(tmp / "diana" / "trace.csv");
  const double marina_bits = bits_to_reduction(m, 100.0);
  const double diana_bits = bits_to_reduction(d, 100.0);
  EXPECT_LT(marina_bits, diana_bits);
  ASSERT_TRUE(std::isfinite(marina_bits));
}

TEST(Quickstart, SameSeedGivesByteIdenticalOutputs) {
  TempDir tmp;
  for (const char* name : {"a", "b"}) {
    const CliResult r = run_cli({"run", kQuickstart, "--set", "run.rounds=400", "--out", (tmp / name).string()},
                                tmp.path());
    ASSERT_EQ(r.status, 0) << r.err;
  }
  for (const char* file : {"trace.csv", "summary.json", "scenario.toml"})
    EXPECT_EQ(read_text(tmp / "a" / file), read_text(tmp / "b" / file)) << file;
}

TEST(Quickstart, DifferentSeedsGiveDifferentTrajectories) {
  TempDir tmp;
  for (const char* seed : {"1", "2"}) {
    const CliResult r = run_cli({"run", kQuickstart, "--set", "run.rounds=200", "--set",
                                 std::string("seed=") + seed, "--out", (tmp / seed).string()},
                                tmp.path());
    ASSERT_EQ(r.status, 0) << r.err;
  }
  EXPECT_NE(read_text(tmp / "1" / "trace.csv"), read_text(tmp / "2" / "trace.csv"));
}

TEST(Quickstart, NetworkOffGivesTheSameNumericsAndBits) {
  TempDir tmp;
  const CliResult sim = run_cli({"run", kQuickstart, "--set", "run.rounds=300", "--out", (tmp / "sim").string()},
                                tmp.path());
  const CliResult off = run_cli({"run", kQuickstart, "--set", "run.rounds=300", "--set", "run.network=none",
                                 "--out", (tmp / "off").string()}, tmp.path());
  ASSERT_EQ(sim.status, 0) << sim.err;
  ASSERT_EQ(off.status, 0) << off.err;
  const CsvTable a = read_csv(tmp / "sim" / "trace.csv");
  const CsvTable b = read_csv(tmp / "off" / "trace.csv");
  ASSERT_EQ(a.rows.size(), b.rows.size());
  for (std::size_t r = 0; r < a.rows.size(); ++r) {
    for (const char* col : {"loss", "grad_norm_sq", "uplink_bits_total", "downlink_bits_total", "oracle_calls"})
      EXPECT_EQ(a.rows[r][a.column(col)], b.rows[r][b.column(col)]) << col << " at row " << r;
    EXPECT_EQ(b.number(r, "sim_time_s"), 0.0);
  }
  EXPECT_GT(a.number(a.rows.size() - 1, "sim_time_s"), 0.0);
}

TEST(Quickstart, SummaryHasTheContractFields) {
  TempDir tmp;
  const CliResult r = run_cli({"run", kQuickstart, "--set", "run.rounds=100", "--out", (tmp / "run").string()},
                              tmp.path());
  ASSERT_EQ(r.status, 0) << r.err;
  const auto s = read_json(tmp / "run" / "summary.json");
  for (const char* key : {"method", "compressor", "workers", "dim", "rounds", "seed", "step_size", "p", "omega",
                          "L", "status", "final", "targets"})
    EXPECT_TRUE(s.contains(key)) << key;
  for (const char* key : {"loss", "grad_norm_sq", "sim_time_s", "uplink_bits_per_worker", "uplink_bits_total",
                          "downlink_bits_total"})
    EXPECT_TRUE(s["final"].contains(key)) << key;
  EXPECT_EQ(s["method"], "marina");
  EXPECT_EQ(s["status"], "ok");
  EXPECT_EQ(s["rounds"], 100);
  EXPECT_EQ(s["targets"].size(), 3u);
  const CsvTable t = read_csv(tmp / "run" / "trace.csv");
  for (const char* col : {"round", "sim_time_s", "uplink_bits_per_worker", "uplink_bits_total",
                          "downlink_bits_total", "oracle_calls", "dense", "loss", "grad_norm_sq"})
    EXPECT_LT(t.column(col), t.header.size()) << col;
  EXPECT_EQ(t.rows.front()[0], "0");
}

}  // namespace
}  // namespace marina::testing

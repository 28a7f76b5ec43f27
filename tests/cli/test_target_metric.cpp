// run.target_metric end to end: targets are met on the chosen metric (checked against the trace),
// summary.json says which and records what a reader needs to redo the run by hand (b' as drawn,
// K for every compressor that keeps K coordinates); the figures name the metric on their axis.
#include <gtest/gtest.h>

#include <cmath>

#include "cli_harness.hpp"

namespace marina::testing {
namespace {

const std::string kQuickstart = source_path("scenarios/quickstart.toml");

// The first evaluated round whose `column` is at or below `threshold`, from trace.csv.
double first_round_at_or_below(const CsvTable& t, const std::string& column, double threshold) {
  for (std::size_t r = 0; r < t.rows.size(); ++r)
    if (t.number(r, column) <= threshold) return t.number(r, "round");
  return -1;
}

TEST(TargetMetric, TargetsFollowTheChosenMetricAndSummarySaysWhich) {
  TempDir tmp;
  // The local mean is never below ||grad f||^2 (Jensen; paper-notes §5.1) and, on these
  // heterogeneous shards, stalls near 0.0099 (the local gradients at the optimum do not vanish),
  // where ||grad f||^2 starts at 0.0119 and goes on down: thresholds both metrics reach.
  for (const char* metric : {"grad_norm_sq", "local_grad_norm_sq_mean"}) {
    SCOPED_TRACE(metric);
    const fs::path out = tmp / metric;
    const CliResult r = run_cli({"run", kQuickstart, "--set", std::string("run.target_metric=") + metric, "--set",
                                 "run.targets=[0.015,0.011]", "--out", out.string()},
                                tmp.path());
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find(std::string("(run.target_metric = ") + metric + ")"), std::string::npos) << r.out;
    const auto s = read_json(out / "summary.json");
    EXPECT_EQ(s["target_metric"], metric);
    const CsvTable t = read_csv(out / "trace.csv");
    EXPECT_EQ(s["initial"]["local_grad_norm_sq_mean"].get<double>(), t.number(0, "local_grad_norm_sq_mean"));
    for (const auto& target : s["targets"]) {
      const double expected = first_round_at_or_below(t, metric, target["threshold"].get<double>());
      ASSERT_GE(expected, 0) << target.dump();  // -1: never
      EXPECT_EQ(target["round"].get<double>(), expected) << target.dump();
      EXPECT_LE(target[metric].get<double>(), target["threshold"].get<double>());
    }
  }
  // The same trajectory; on it the local mean reaches each threshold later than ||grad f||^2.
  const auto g = read_json(tmp / "grad_norm_sq" / "summary.json");
  const auto l = read_json(tmp / "local_grad_norm_sq_mean" / "summary.json");
  EXPECT_EQ(read_text(tmp / "grad_norm_sq" / "trace.csv"), read_text(tmp / "local_grad_norm_sq_mean" / "trace.csv"));
  for (int i = 0; i < 2; ++i)
    EXPECT_GT(l["targets"][i]["round"].get<double>(), g["targets"][i]["round"].get<double>()) << i;
}

TEST(TargetMetric, UnknownMetricIsAOneLineError) {
  TempDir tmp;
  const CliResult r =
      run_cli({"run", kQuickstart, "--set", "run.target_metric=grad", "--out", (tmp / "x").string()}, tmp.path());
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find("local_grad_norm_sq_mean"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(tmp / "x"));
}

// b' is ceil(1% of the local samples) by default: 400 samples per worker give b' = 4, which
// summary.json states as drawn; K is reported for Top-K as for Rand-K, levels for QSGD.
TEST(TargetMetric, SummaryHoldsWhatRedoingTheRunNeeds) {
  TempDir tmp;
  const auto run = [&](const std::string& name, std::vector<std::string> sets) {
    std::vector<std::string> args{"run", kQuickstart, "--set", "run.rounds=20", "--out", (tmp / name).string(), "-q"};
    for (const auto& s : sets) args.insert(args.end(), {"--set", s});
    const CliResult r = run_cli(args, tmp.path());
    EXPECT_EQ(r.status, 0) << r.err;
    return read_json(tmp / name / "summary.json");
  };
  const auto vr = run("vr", {"method.name=vr_marina"});
  EXPECT_EQ(vr["batch_size"], 4.0);
  EXPECT_EQ(vr["samples_per_worker"][0], 400);
  EXPECT_TRUE(vr["large_batch"].is_null());
  EXPECT_EQ(vr["compressor_k"], 4);
  EXPECT_TRUE(vr["compressor_levels"].is_null());
  EXPECT_EQ(vr["eval_every"], 10);
  EXPECT_EQ(vr["wire"]["downlink"], "dense");
  const auto vr_b = run("vr_b", {"method.name=vr_marina", "method.batch_fraction=0.1"});
  EXPECT_EQ(vr_b["batch_size"], 40.0);
  const auto ef21 = run("ef21", {"method.name=ef21", "compressor.name=top_k"});
  EXPECT_EQ(ef21["compressor"], "top_k");
  EXPECT_EQ(ef21["compressor_k"], 4);
  EXPECT_TRUE(ef21["batch_size"].is_null());
  const auto pp = run("pp", {"method.name=pp_marina", "method.clients=2"});
  EXPECT_EQ(pp["clients"], 2.0);
  const auto qsgd = run("qsgd", {"compressor.name=qsgd", "compressor.levels=3"});
  EXPECT_TRUE(qsgd["compressor_k"].is_null());
  EXPECT_EQ(qsgd["compressor_levels"], 3);
}

}  // namespace
}  // namespace marina::testing

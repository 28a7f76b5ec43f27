// Networks as problems, end to end (issue 18, docs/neural.md): the paper's exact ResNet-18
// configuration for two rounds on generated images, byte-identical runs whatever the thread
// count, the refusal of theory step sizes, and bad image data refused in one line.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "cli_harness.hpp"

namespace marina::testing {
namespace {

// A tiny network: an MLP on generated 1x8x8 images, network simulated.
const std::vector<std::string> kTinyMlp = {
    "data.source=synthetic_images", "data.image_shape=1x8x8", "data.classes=4",     "data.samples=400",
    "data.test=true",               "split.shard_multiple=0", "problem.model=mlp", "problem.layers=[16]",
    "method.step_size=0.05",        "run.rounds=20",          "run.eval_every=5",  "run.targets=[]"};

// `command` on the neural scenario with each of `sets` as a --set, then `rest`.
std::vector<std::string> on_neural_scenario(const std::string& command, const std::vector<std::string>& sets,
                                            const std::vector<std::string>& rest) {
  std::vector<std::string> args = {command, source_path("scenarios/neural/lenet5_fashion.toml")};
  for (const std::string& s : sets) args.insert(args.end(), {"--set", s});
  args.insert(args.end(), rest.begin(), rest.end());
  return args;
}

// The tiny MLP trained by the scenario's VR-MARINA (b' = 8, RandK K = 40).
std::vector<std::string> tiny_mlp_run(const fs::path& out, const std::string& threads) {
  std::vector<std::string> sets = kTinyMlp;
  sets.insert(sets.end(), {"method.batch_size=8", "compressor.k=40"});
  return on_neural_scenario("run", sets, {"--threads", threads, "--out", out.string(), "--quiet"});
}

// The paper's configuration, exactly as committed, for two rounds on generated 32x32 images
// with 100 classes: d, p, the shards, and the bits of every round as the paper counts them
// (32 per value, g^0 free): each worker sends d values on a dense round, K on a compressed one,
// so a round's expectation is 32 (p d + (1 - p) K) per worker (paper-notes §4.6).
TEST(Neural, PapersResNet18ConfigurationRunsTwoRoundsOnGeneratedImages) {
  TempDir dir;
  const CliResult r = run_cli({"run", source_path("scenarios/neural/resnet18_cifar100.toml"), "--set",
                               "data.source=synthetic_images", "--set", "data.image_shape=3x32x32", "--set",
                               "data.classes=100", "--set", "data.samples=1280", "--set", "data.test=false", "--set",
                               "run.rounds=2", "--out", (dir / "run").string(), "--quiet"},
                              dir.path());
  ASSERT_EQ(r.status, 0) << r.err;
  const auto summary = read_json(dir / "run" / "summary.json");
  const double d = 11689512, k = 100000;
  EXPECT_EQ(summary["dim"].get<double>(), d);
  EXPECT_EQ(summary["samples_per_worker"], nlohmann::json({256, 256, 256, 256, 256}));
  // p = min{K/d, b'/(b'+m)} with m = 256: K/d.
  EXPECT_DOUBLE_EQ(summary["p"].get<double>(), k / d);
  const CsvTable trace = read_csv(dir / "run" / "trace.csv");
  ASSERT_EQ(trace.rows.size(), 2u);  // rounds 0 and 2
  EXPECT_EQ(trace.number(0, "uplink_bits_total"), 0.0) << "g^0 is free under the paper's accounting";
  const double two_rounds = trace.number(1, "uplink_bits_total");
  const std::vector<double> possible = {5 * 32 * 2 * k, 5 * 32 * (k + d), 5 * 32 * 2 * d};
  EXPECT_NE(std::find(possible.begin(), possible.end(), two_rounds), possible.end()) << two_rounds;
  EXPECT_EQ(trace.number(1, "downlink_bits_total"), 0.0) << "the downlink is free under the paper's accounting";
  // The zero start: log(1000) at x^0, every logit 0.
  EXPECT_NEAR(trace.number(0, "loss"), std::log(1000.0), 1e-5);
}

TEST(Neural, RunsAreByteIdenticalWhateverTheThreadCount) {
  TempDir dir;
  ASSERT_EQ(run_cli(tiny_mlp_run(dir / "t1", "1"), dir.path()).status, 0);
  ASSERT_EQ(run_cli(tiny_mlp_run(dir / "t2", "2"), dir.path()).status, 0);
  ASSERT_EQ(run_cli(tiny_mlp_run(dir / "t2-again", "2"), dir.path()).status, 0);
  for (const char* file : {"trace.csv", "summary.json", "scenario.toml"}) {
    EXPECT_EQ(read_text(dir / "t1" / file), read_text(dir / "t2" / file)) << file;
    EXPECT_EQ(read_text(dir / "t2" / file), read_text(dir / "t2-again" / file)) << file;
  }
  const CsvTable trace = read_csv(dir / "t1" / "trace.csv");
  EXPECT_NE(trace.column("test_accuracy"), trace.header.size());
  EXPECT_LT(trace.number(trace.rows.size() - 1, "loss"), trace.number(0, "loss"));
}

TEST(Neural, TheoryStepSizesAreRefusedForANetwork) {
  TempDir dir;
  std::vector<std::string> args = tiny_mlp_run(dir / "out", "1");
  args.insert(args.end(), {"--set", "method.step_size=theory"});
  const CliResult r = run_cli(args, dir.path());
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("method.step_size = \"theory\" needs the smoothness constant L, which problem.model = \"mlp\" "
                       "(a network) does not have; set method.step_size to a number"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(dir / "out"));
  const CliResult theory =
      run_cli({"theory", source_path("scenarios/neural/lenet5_fashion.toml"), "--set", "data.source=synthetic_images",
               "--set", "data.samples=2560", "--set", "method.step_size=theory"},
              dir.path());
  EXPECT_EQ(theory.status, 0) << theory.err;
  EXPECT_NE(theory.out.find("smoothness  unknown (a network)"), std::string::npos) << theory.out;
  EXPECT_NE(theory.out.find("vr_marina         not applicable: method.step_size = \"theory\" needs"),
            std::string::npos);
}

// advise on a network: with no L there is no theory step size, so every run takes the
// scenario's own; eps is on the train loss, the scenario's run.target_metric.
TEST(Neural, AdviseComparesMethodsWithTheScenariosStepSize) {
  TempDir dir;
  // Every --set reaches every run: the problem only (b' and K belong to some methods).
  const std::vector<std::string> args =
      on_neural_scenario("advise", kTinyMlp,
                         {"--methods", "gd,marina", "--k", "40", "--rounds", "20", "--relative", "0.999", "--no-plots",
                          "--out", (dir / "adv").string()});
  const CliResult r = run_cli(args, dir.path());
  ASSERT_EQ(r.status, 0) << r.err;
  const CsvTable table = read_csv(dir / "adv" / "advise.csv");
  EXPECT_EQ(table.rows.size(), 2u);  // gd, marina K = 40
  for (const char* run : {"name=gd", "name=marina__k=40"}) {
    const std::string scenario = read_text(dir / "adv" / "runs" / run / "scenario.toml");
    EXPECT_NE(scenario.find("step_size = 0.05"), std::string::npos) << run << ":\n" << scenario;
  }
  EXPECT_NE(read_text(dir / "adv" / "advise.md").find("eps: f(x) <= 0.999 x f(x) at x^0"), std::string::npos)
      << read_text(dir / "adv" / "advise.md");
}

// Bad image files, found where a user's downloads are found ($MARINA_DATA_DIR), refused in
// one line naming the file.
class BadImageFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(dir_ / "fashion-mnist");
    ::setenv("MARINA_DATA_DIR", dir_.path().c_str(), 1);
  }
  void TearDown() override { ::unsetenv("MARINA_DATA_DIR"); }

  // An IDX file: magic (0, 0, type 8 = unsigned byte, dims), sizes big-endian, then the bytes.
  void write_idx(const std::string& name, std::vector<std::uint32_t> sizes, std::size_t payload, int magic_type = 8) {
    std::ofstream f(dir_ / "fashion-mnist" / name, std::ios::binary);
    const unsigned char head[4] = {0, 0, static_cast<unsigned char>(magic_type), static_cast<unsigned char>(sizes.size())};
    f.write(reinterpret_cast<const char*>(head), 4);
    for (std::uint32_t s : sizes) {
      const unsigned char be[4] = {static_cast<unsigned char>(s >> 24), static_cast<unsigned char>(s >> 16),
                                   static_cast<unsigned char>(s >> 8), static_cast<unsigned char>(s)};
      f.write(reinterpret_cast<const char*>(be), 4);
    }
    for (std::size_t i = 0; i < payload; ++i) f.put(static_cast<char>(i % 7));
  }
  CliResult run_fashion() {
    return run_cli({"run", source_path("scenarios/neural/lenet5_fashion.toml"), "--set", "data.test=false", "--set",
                    "run.rounds=1", "--out", (dir_ / "out").string()},
                   dir_.path());
  }
  void expect_refused(const CliResult& r, const std::string& what) {
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_EQ(r.err.rfind("marina-sim: error: ", 0), 0u) << r.err;
    EXPECT_NE(r.err.find(what), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(dir_ / "out"));
  }
  TempDir dir_;
};

TEST_F(BadImageFiles, WrongMagicTruncatedAndMismatchedCountsAreRefused) {
  write_idx("train-images-idx3-ubyte", {10, 28, 28}, 10 * 784, 9);  // type 9: not unsigned bytes
  write_idx("train-labels-idx1-ubyte", {10}, 10);
  expect_refused(run_fashion(), "train-images-idx3-ubyte");
  write_idx("train-images-idx3-ubyte", {10, 28, 28}, 5 * 784);  // truncated
  expect_refused(run_fashion(), "train-images-idx3-ubyte");
  write_idx("train-images-idx3-ubyte", {10, 28, 28}, 10 * 784);
  write_idx("train-labels-idx1-ubyte", {9}, 9);  // one label short
  expect_refused(run_fashion(), "train-labels-idx1-ubyte");
}

TEST_F(BadImageFiles, LabelsBeyondTheModelsClassesAreRefused) {
  write_idx("train-images-idx3-ubyte", {10, 28, 28}, 10 * 784);
  write_idx("train-labels-idx1-ubyte", {10}, 10);  // labels 0..6
  CliResult r = run_cli({"run", source_path("scenarios/neural/lenet5_fashion.toml"), "--set", "data.test=false",
                         "--set", "problem.classes=5", "--set", "split.shard_multiple=0", "--set", "run.rounds=1", "--out", (dir_ / "out").string()},
                        dir_.path());
  expect_refused(r, "is beyond the model's 5 classes");
}

TEST_F(BadImageFiles, AMissingSetSaysWhereItLookedAndHowToFetchIt) {
  fs::remove_all(dir_ / "fashion-mnist");
  const CliResult r = run_cli({"run", source_path("scenarios/neural/lenet5_fashion.toml"), "--set",
                               "data.path=cifar-10", "--out", (dir_ / "out").string()},
                              dir_.path());
  expect_refused(r, "scripts/download-datasets.sh cifar-10 fetches them");
}

}  // namespace
}  // namespace marina::testing

// Sweeps: one process per run, results independent of --jobs, the --list + GNU parallel +
// --collect path gives the same table, finished runs are not recomputed, bad sweeps fail
// before any run starts.
#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "cli_harness.hpp"

namespace marina::testing {
namespace {

void write_sweep(const fs::path& file, const std::string& extra_axis = "") {
  std::ofstream(file) << "[sweep]\nbase = \"" << source_path("scenarios/quickstart.toml") << "\"\nname = \"tiny\"\n"
                      << "[set]\nrun.rounds = 300\nrun.eval_every = 10\n"
                      << "[axes]\nmethod.name = [\"marina\", \"diana\"]\nseed = [1, 2]\n" << extra_axis
                      << "[table]\nrelative_targets = [0.5, 1e-6]\n";
}

std::vector<fs::path> figures(const fs::path& dir) {
  std::vector<fs::path> out;
  if (!fs::is_directory(dir / "plots")) return out;
  for (const auto& e : fs::directory_iterator(dir / "plots"))
    if (e.path().extension() == ".png" || e.path().extension() == ".svg") out.push_back(e.path());
  return out;
}

TEST(Sweep, JobsAndGnuParallelGiveTheSameTable) {
  TempDir tmp;
  write_sweep(tmp / "tiny.toml");
  const std::string sweep = (tmp / "tiny.toml").string();

  const CliResult one = run_cli({"sweep", sweep, "--jobs", "1", "--out", (tmp / "j1").string()}, tmp.path());
  ASSERT_EQ(one.status, 0) << one.err;
  const CliResult two = run_cli({"sweep", sweep, "--jobs", "2", "--out", (tmp / "j2").string()}, tmp.path());
  ASSERT_EQ(two.status, 0) << two.err;

  // The distributed path: list the commands, run them with GNU parallel, collect.
  const ParallelSweep gp = sweep_via_gnu_parallel(sweep, tmp.path(), tmp / "gp");
  ASSERT_EQ(gp.failure, "");
  EXPECT_EQ(std::count(gp.listed.begin(), gp.listed.end(), '\n'), 4);

  const std::string table = read_text(tmp / "j1" / "table.csv");
  EXPECT_EQ(table, read_text(tmp / "j2" / "table.csv"));
  EXPECT_EQ(table, read_text(tmp / "gp" / "table.csv"));
  EXPECT_EQ(read_text(tmp / "j1" / "table.md"), read_text(tmp / "gp" / "table.md"));
  for (const char* run : {"name=marina__seed=1", "name=diana__seed=2"})
    EXPECT_EQ(read_text(tmp / "j1" / "runs" / run / "trace.csv"), read_text(tmp / "gp" / "runs" / run / "trace.csv"));

  // Two method rows (seeds grouped); a target nobody reaches is spelled out.
  const CsvTable t = read_csv(tmp / "j1" / "table.csv");
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[0][t.column("runs")], "2");
  EXPECT_EQ(t.rows[0][t.column("rounds@rel1e-06")], "not reached");
  EXPECT_NE(t.rows[0][t.column("rounds@rel0.5")], "not reached");
  EXPECT_NE(read_text(tmp / "j1" / "table.md").find("not reached"), std::string::npos);

  // Four x-axes, PNG and SVG, for the one data set.
  EXPECT_EQ(figures(tmp / "j1").size(), 8u);  // against bits, rounds, epochs, seconds; PNG and SVG
  EXPECT_EQ(figures(tmp / "gp").size(), 8u);

  // The epochs a curve is drawn against are the run's oracle calls over all its samples.
  const fs::path first_run = tmp / "j1" / "runs" / "name=diana__seed=1";
  const CsvTable trace = read_csv(first_run / "trace.csv");
  const auto summary = read_json(first_run / "summary.json");
  double samples = 0;
  for (const auto& m : summary["samples_per_worker"]) samples += m.get<double>();
  std::istringstream data(read_text(tmp / "j1" / "plots" / "data" / "run0.dat"));
  double round = 0, bits = 0, seconds = 0, value = 0, epochs = 0;
  std::size_t row = 0;
  while (data >> round >> bits >> seconds >> value >> epochs) {
    ASSERT_LT(row, trace.rows.size());
    EXPECT_EQ(round, trace.number(row, "round"));
    EXPECT_NEAR(epochs, trace.number(row, "oracle_calls") / samples, 1e-5 * epochs) << "round " << round;
    ++row;
  }
  EXPECT_EQ(row, trace.rows.size());
  EXPECT_GT(epochs, 1.0);
}

TEST(Sweep, FinishedRunsAreNotRecomputed) {
  TempDir tmp;
  write_sweep(tmp / "tiny.toml");
  const std::string sweep = (tmp / "tiny.toml").string();
  ASSERT_EQ(run_cli({"sweep", sweep, "--jobs", "2", "--no-plots", "--out", (tmp / "s").string()}, tmp.path()).status, 0);
  const fs::path summary = tmp / "s" / "runs" / "name=marina__seed=1" / "summary.json";
  const auto before = fs::last_write_time(summary);
  // Remove one run as an interrupted sweep would have left it: only that one is pending,
  // and the half-written staging folder of the killed run (dead pid) is cleaned up.
  fs::remove_all(tmp / "s" / "runs" / "name=diana__seed=2");
  fs::create_directories(tmp / "s" / "runs" / ".name=diana__seed=2.partial-999999999");
  const CliResult list = run_cli({"sweep", sweep, "--list", "--out", (tmp / "s").string()}, tmp.path());
  EXPECT_EQ(std::count(list.out.begin(), list.out.end(), '\n'), 1);
  EXPECT_NE(list.out.find("name=diana__seed=2"), std::string::npos);
  ASSERT_EQ(run_cli({"sweep", sweep, "--no-plots", "--out", (tmp / "s").string()}, tmp.path()).status, 0);
  EXPECT_EQ(fs::last_write_time(summary), before);
  EXPECT_TRUE(fs::exists(tmp / "s" / "runs" / "name=diana__seed=2" / "summary.json"));
  EXPECT_FALSE(fs::exists(tmp / "s" / "runs" / ".name=diana__seed=2.partial-999999999"));
}

TEST(Sweep, BadAxisValueFailsBeforeAnyRun) {
  TempDir tmp;
  write_sweep(tmp / "bad.toml", "compressor.k = [1, \"many\"]\n");
  const CliResult r = run_cli({"sweep", (tmp / "bad.toml").string(), "--out", (tmp / "s").string()}, tmp.path());
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err.rfind("marina-sim: error: ", 0), 0u) << r.err;
  EXPECT_NE(r.err.find("compressor.k"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(tmp / "s"));
}

TEST(Sweep, UnknownScenarioKeyInSetFailsWithTheSweepFile) {
  TempDir tmp;
  std::ofstream(tmp / "bad.toml") << "[sweep]\nbase = \"" << source_path("scenarios/quickstart.toml")
                                  << "\"\n[set]\nrun.roundz = 3\n[axes]\nseed = [1]\n";
  const CliResult r = run_cli({"sweep", (tmp / "bad.toml").string(), "--out", (tmp / "s").string()}, tmp.path());
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("bad.toml"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("run.rounds"), std::string::npos) << r.err;  // the did-you-mean
  EXPECT_FALSE(fs::exists(tmp / "s"));
}

// Issue 20: a table names a platform by its file stem (nothing depends on where the checkout
// is), shows each column once (an inline-table axis "method" is the method column), reports K
// for Top-K as for Rand-K, and gives a block of rows per [table] metric saying which it is.
// The figures label curves with the paper's names, keep one colour per method across K and
// name the metric on their axis.
TEST(Sweep, TablesAndFiguresReadLikeThePaper) {
  TempDir tmp;
  std::ofstream(tmp / "paperlike.toml")
      << "[sweep]\nbase = \"" << source_path("scenarios/quickstart.toml") << "\"\nname = \"paperlike\"\n"
      << "[set]\nrun.rounds = 100\n"
      << "[axes]\nplatform = [{file = \"" << source_path("platforms/star5.xml") << "\"}]\n"
      << "method = [{name = \"marina\"}, {name = \"ef21\", \"compressor.name\" = \"top_k\"}]\n"
      << "compressor.k = [1, 4]\n"
      << "[table]\nrelative_targets = [0.5]\nmetrics = [\"local_grad_norm_sq_mean\", \"grad_norm_sq\"]\n";
  const CliResult r = run_cli({"sweep", (tmp / "paperlike.toml").string(), "--jobs", "2", "--out", (tmp / "s").string()},
                              tmp.path());
  ASSERT_EQ(r.status, 0) << r.err;

  const CsvTable t = read_csv(tmp / "s" / "table.csv");
  std::set<std::string> unique(t.header.begin(), t.header.end());
  EXPECT_EQ(unique.size(), t.header.size()) << read_text(tmp / "s" / "table.csv").substr(0, 300);
  EXPECT_EQ(t.header[4], "platform");
  EXPECT_EQ(t.header[5], "metric");
  ASSERT_EQ(t.rows.size(), 8u);  // 2 methods x 2 K, on each of 2 metrics
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    EXPECT_EQ(t.rows[i][t.column("platform")], "star5");
    EXPECT_EQ(t.rows[i][t.column("metric")], i < 4 ? "local_grad_norm_sq_mean" : "grad_norm_sq");
    EXPECT_NE(t.rows[i][t.column("k")], "-") << "K of " << t.rows[i][t.column("compressor")];
  }
  const std::string md = read_text(tmp / "s" / "table.md");
  EXPECT_EQ(md.find(source_path("platforms")), std::string::npos);
  EXPECT_EQ(md.find(tmp.path().string()), std::string::npos);
  EXPECT_NE(md.find("| synthetic | EF21 | Top-K | 4 | star5 | (1/n) Σᵢ ‖∇fᵢ(x)‖² |"), std::string::npos) << md;
  EXPECT_NE(md.find("| synthetic | MARINA | Rand-K | 1 | star5 | ‖∇f(x)‖² |"), std::string::npos) << md;

  // The figures plot the first metric, with the paper's names and one colour per method.
  const std::string gp = read_text(tmp / "s" / "plots" / "synthetic.gp");
  EXPECT_NE(gp.find("set ylabel '(1/n) Σᵢ ‖∇fᵢ(x)‖²'"), std::string::npos) << gp;
  const auto colour_of = [&](const std::string& title) {
    const auto at = gp.find("title '" + title + "'");
    if (at == std::string::npos) return std::string("missing ") + title;
    const auto lc = gp.rfind("lc rgb '", at);
    return gp.substr(lc + 8, 7);
  };
  EXPECT_EQ(colour_of("MARINA, Rand-K, K = 1"), colour_of("MARINA, Rand-K, K = 4"));
  EXPECT_EQ(colour_of("EF21, Top-K, K = 1"), colour_of("EF21, Top-K, K = 4"));
  EXPECT_NE(colour_of("MARINA, Rand-K, K = 1"), colour_of("EF21, Top-K, K = 1"));
  EXPECT_EQ(gp.find("name="), std::string::npos) << "legends speak the paper's names, not sweep keys";
}

// The same method twice on one axis, told apart by a field the fixed columns do not show: the
// table gets a column with every field, the legends say them too.
TEST(Sweep, TheSameMethodTwiceIsToldApartInTheTableAndTheLegends) {
  TempDir tmp;
  std::ofstream(tmp / "twice.toml") << "[sweep]\nbase = \"" << source_path("scenarios/quickstart.toml")
                                    << "\"\nname = \"twice\"\n[set]\nrun.rounds = 20\nrun.network = \"none\"\n"
                                    << "[axes]\nmethod = [{name = \"marina\", step_size = 0.01},\n"
                                    << "          {name = \"marina\", step_size = 0.02}, {name = \"diana\"}]\n";
  const CliResult r = run_cli({"sweep", (tmp / "twice.toml").string(), "--out", (tmp / "s").string()}, tmp.path());
  ASSERT_EQ(r.status, 0) << r.err;
  const CsvTable t = read_csv(tmp / "s" / "table.csv");
  ASSERT_EQ(t.rows.size(), 3u);
  ASSERT_NE(t.column("method_fields"), t.header.size()) << read_text(tmp / "s" / "table.csv").substr(0, 300);
  EXPECT_EQ(t.rows[0][t.column("method_fields")], "marina+0.01");
  EXPECT_EQ(t.rows[1][t.column("method_fields")], "marina+0.02");
  EXPECT_EQ(t.rows[2][t.column("method_fields")], "diana");
  EXPECT_NE(t.rows[0][t.column("final_value")], t.rows[1][t.column("final_value")]);
  const std::string gp = read_text(tmp / "s" / "plots" / "synthetic.gp");
  // The quickstart's K = 4; one colour for the method, a dash type for each of its runs.
  EXPECT_NE(gp.find("dt 1 title 'MARINA, K = 4, method = marina+0.01'"), std::string::npos) << gp;
  EXPECT_NE(gp.find("dt 2 title 'MARINA, K = 4, method = marina+0.02'"), std::string::npos) << gp;
  EXPECT_EQ(gp.find("set yrange"), std::string::npos) << "no run diverged: gnuplot's own range";
}

// A diverged run leaves the figure through its top: the y-axis ends a decade above the largest
// value of the runs that did not diverge; figures without a diverged run keep gnuplot's range.
// (A tiny network: the linear model's gradients are bounded, its large steps do not diverge.)
TEST(Sweep, ADivergedRunDoesNotFlattenTheOthers) {
  TempDir tmp;
  std::ofstream(tmp / "blowup.toml")
      << "[sweep]\nbase = \"" << source_path("scenarios/neural/lenet5_fashion.toml") << "\"\nname = \"blowup\"\n"
      << "[set]\ndata.source = \"synthetic_images\"\ndata.image_shape = \"1x8x8\"\ndata.classes = 4\n"
      << "data.samples = 400\ndata.test = false\nsplit.shard_multiple = 0\nproblem.model = \"mlp\"\n"
      << "problem.layers = [16]\nmethod.batch_size = 8\ncompressor.k = 40\nrun.rounds = 20\nrun.eval_every = 5\n"
      << "run.targets = []\nrun.network = \"none\"\n"
      << "[axes]\nmethod.step_size = [0.05, 1e4]\n";
  const CliResult r = run_cli({"sweep", (tmp / "blowup.toml").string(), "--out", (tmp / "s").string()}, tmp.path());
  ASSERT_EQ(r.status, 0) << r.err;
  const auto status = [&](const char* run) {
    return read_json(tmp / "s" / "runs" / run / "summary.json")["status"].get<std::string>();
  };
  ASSERT_EQ(status("step_size=0.05"), "ok");
  ASSERT_EQ(status("step_size=10000"), "diverged");
  double largest = 0;
  const CsvTable trace = read_csv(tmp / "s" / "runs" / "step_size=0.05" / "trace.csv");
  for (std::size_t i = 0; i < trace.rows.size(); ++i) largest = std::max(largest, trace.number(i, "loss"));
  const std::string gp = read_text(tmp / "s" / "plots" / "synthetic.gp");
  const auto at = gp.find("set yrange [*:");
  ASSERT_NE(at, std::string::npos) << gp;
  // Written with 6 significant digits: within half a unit of the sixth.
  EXPECT_NEAR(std::stod(gp.substr(at + 14)), 10 * largest, 5e-6 * 10 * largest);
}

}  // namespace
}  // namespace marina::testing

// How many threads compute a round's worker steps (run.threads, run --threads) changes no
// output byte: every method, network simulated and off, 1, 2 and 4 threads give identical
// run folders (trace.csv, summary.json, and scenario.toml, which keeps run.threads at its
// default because it is not part of what a run computes).
#include <gtest/gtest.h>

#include "cli_harness.hpp"

namespace marina::testing {
namespace {

struct ThreadsCase {
  std::string name;
  std::vector<std::string> sets;
  int workers = 5;  // above 5, on a star platform of that many workers
};

void PrintTo(const ThreadsCase& c, std::ostream* os) { *os << c.name; }

class ThreadCount : public ::testing::TestWithParam<ThreadsCase> {};

TEST_P(ThreadCount, ChangesNoOutputByte) {
  const ThreadsCase& c = GetParam();
  TempDir tmp;
  std::vector<std::string> sets = c.sets;
  if (c.workers != 5) {
    const std::string platform = (tmp / "star.xml").string();
    ASSERT_EQ(run_cli({"platform", "star", "-n", std::to_string(c.workers), "-o", platform}, tmp.path()).status, 0);
    sets.insert(sets.end(), {"split.workers=" + std::to_string(c.workers), "platform.file=" + platform});
  }
  for (const std::string network : {"simgrid", "none"}) {
    std::vector<std::string> base{"run", source_path("scenarios/quickstart.toml"), "--set", "run.rounds=200",
                                  "--set", "run.eval_every=5", "--set", "run.network=" + network, "-q"};
    for (const auto& s : sets) base.insert(base.end(), {"--set", s});
    const auto folder = [&](const std::string& threads) { return tmp / (network + "-" + threads); };
    for (const std::string threads : {"1", "2", "4"}) {
      auto args = base;
      args.insert(args.end(), {"--threads", threads, "--out", folder(threads).string()});
      const CliResult r = run_cli(args, tmp.path());
      ASSERT_EQ(r.status, 0) << c.name << " " << network << " threads " << threads << ": " << r.err;
    }
    for (const char* file : {"trace.csv", "summary.json", "scenario.toml"})
      for (const std::string threads : {"2", "4"})
        EXPECT_EQ(read_text(folder("1") / file), read_text(folder(threads) / file))
            << c.name << " " << network << " " << file << ": 1 against " << threads << " threads";
  }
  // The scenario key does what the option does.
  std::vector<std::string> by_key{"run", source_path("scenarios/quickstart.toml"), "--set", "run.rounds=200",
                                  "--set", "run.eval_every=5", "--set", "run.network=none", "--set", "run.threads=3",
                                  "--out", (tmp / "by-key").string(), "-q"};
  for (const auto& s : sets) by_key.insert(by_key.end(), {"--set", s});
  ASSERT_EQ(run_cli(by_key, tmp.path()).status, 0);
  EXPECT_EQ(read_text(tmp / "none-1" / "trace.csv"), read_text(tmp / "by-key" / "trace.csv"));
  EXPECT_EQ(read_text(tmp / "none-1" / "scenario.toml"), read_text(tmp / "by-key" / "scenario.toml"));
}

INSTANTIATE_TEST_SUITE_P(
    Methods, ThreadCount,
    ::testing::Values(ThreadsCase{"gd", {"method.name=gd", "compressor.name=identity"}},
                      ThreadsCase{"dcgd", {"method.name=dcgd"}},
                      ThreadsCase{"diana", {"method.name=diana"}},
                      ThreadsCase{"vr_diana", {"method.name=vr_diana"}},
                      ThreadsCase{"marina", {"method.name=marina"}},
                      ThreadsCase{"marina_perm_k", {"method.name=marina", "compressor.name=perm_k"}},
                      ThreadsCase{"vr_marina", {"method.name=vr_marina"}},
                      ThreadsCase{"vr_marina_online", {"method.name=vr_marina_online"}},
                      ThreadsCase{"pp_marina", {"method.name=pp_marina", "method.clients=2"}},
                      ThreadsCase{"ef21", {"method.name=ef21", "compressor.name=top_k"}},
                      ThreadsCase{"dasha", {"method.name=dasha"}},
                      ThreadsCase{"dasha_page", {"method.name=dasha_page"}},
                      // 40 workers: several steps per chunk of the pool (parallel_steps.cpp),
                      // and PP-MARINA's sampled clients spread over chunks.
                      ThreadsCase{"marina_40_workers", {"method.name=marina"}, 40},
                      ThreadsCase{"pp_marina_40_workers", {"method.name=pp_marina", "method.clients=25", "method.p=0.2"}, 40}),
    [](const ::testing::TestParamInfo<ThreadsCase>& info) { return info.param.name; });

TEST(ThreadCount, NegativeIsABadInput) {
  TempDir tmp;
  const CliResult r = run_cli({"run", source_path("scenarios/quickstart.toml"), "--set", "run.threads=-1",
                               "--out", (tmp / "run").string(), "-q"},
                              tmp.path());
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("marina-sim: error:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("run.threads"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(tmp / "run"));
}

}  // namespace
}  // namespace marina::testing

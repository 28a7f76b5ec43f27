// Bits through the whole chain, per round: the exact accounting (f32 values, auto index
// encoding, dense downlink) and the paper's (32 bits per value, indices, g^0 and downlink
// free), on MARINA with RandK, d = 41, K = 4, n = 5.
#include <gtest/gtest.h>

#include "cli_harness.hpp"

namespace marina::testing {
namespace {

constexpr int kWorkers = 5, kDim = 41, kK = 4;

CsvTable run_marina(const TempDir& tmp, const std::string& accounting) {
  const CliResult r = run_cli({"run", source_path("scenarios/quickstart.toml"), "--set", "run.rounds=60", "--set",
                               "run.eval_every=1", "--set", "compressor.k=4", "--set", "method.p=0.3", "--set",
                               "wire.accounting=" + accounting, "--out", (tmp / accounting).string(), "--quiet"},
                              tmp.path());
  EXPECT_EQ(r.status, 0) << r.err;
  return read_csv(tmp / accounting / "trace.csv");
}

double delta(const CsvTable& t, std::size_t k, const char* col) { return t.number(k, col) - t.number(k - 1, col); }

TEST(Accounting, ExactBitsPerRound) {
  TempDir tmp;
  const CsvTable t = run_marina(tmp, "exact");
  EXPECT_EQ(t.number(0, "uplink_bits_total"), kWorkers * 32.0 * kDim);  // g^0 in full
  int dense = 0, compressed = 0;
  for (std::size_t k = 1; k < t.rows.size(); ++k) {
    const bool is_dense = t.rows[k][t.column("dense")] == "1";
    // Compressed: K f32 values and K indices of ceil(log2 41) = 6 bits (cheaper than a 41-bit mask).
    const double per_worker = is_dense ? 32.0 * kDim : kK * (32.0 + 6.0);
    EXPECT_EQ(delta(t, k, "uplink_bits_total"), kWorkers * per_worker) << "round " << k;
    // Downlink: g^{k-1} in full plus the coin, to every worker.
    EXPECT_EQ(delta(t, k, "downlink_bits_total"), kWorkers * (32.0 * kDim + 1)) << "round " << k;
    (is_dense ? dense : compressed)++;
  }
  EXPECT_GT(dense, 5);
  EXPECT_GT(compressed, 20);
}

TEST(Accounting, PaperBitsPerRound) {
  TempDir tmp;
  const CsvTable t = run_marina(tmp, "paper");
  EXPECT_EQ(t.number(0, "uplink_bits_total"), 0.0);  // g^0 not counted
  for (std::size_t k = 1; k < t.rows.size(); ++k) {
    const bool is_dense = t.rows[k][t.column("dense")] == "1";
    EXPECT_EQ(delta(t, k, "uplink_bits_total"), kWorkers * 32.0 * (is_dense ? kDim : kK)) << "round " << k;
    EXPECT_EQ(t.number(k, "downlink_bits_total"), 0.0);
  }
}

}  // namespace
}  // namespace marina::testing

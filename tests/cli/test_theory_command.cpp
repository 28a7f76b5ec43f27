// `marina-sim theory` on the paper's mushrooms setup (d = 113 with the bias column, n = 5
// contiguous shards of 1624 rows, b' = 17) reproduces paper-notes §6.1 to 3 significant
// digits for MARINA, DIANA, VR-MARINA and VR-DIANA.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <sstream>

#include "cli_harness.hpp"

namespace marina::testing {
namespace {

bool mushrooms_available() {
  if (const char* d = std::getenv("MARINA_DATA_DIR"); d && fs::exists(fs::path(d) / "mushrooms")) return true;
  return fs::exists(fs::path(MARINA_SOURCE_DIR) / ".." / "shared" / "datasets" / "mushrooms");
}

// method -> (p or "-", gamma*L) from the table the command prints.
std::map<std::string, std::pair<std::string, double>> parse_table(const std::string& out) {
  std::map<std::string, std::pair<std::string, double>> rows;
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream ls(line);
    std::string method, p, alpha, gamma, gamma_l;
    if (!(ls >> method >> p >> alpha >> gamma >> gamma_l)) continue;
    try {
      rows[method] = {p, std::stod(gamma_l)};
    } catch (...) {
    }
  }
  return rows;
}

void expect_3_digits(double actual, double expected, const std::string& what) {
  EXPECT_NEAR(actual / expected, 1.0, 5e-3) << what << ": " << actual << " vs " << expected;
}

struct Row {
  int k;
  double marina_p, marina_gl, diana_gl, vr_marina_p, vr_marina_gl, vr_diana_p, vr_diana_gl;
};

void PrintTo(const Row& r, std::ostream* os) { *os << "K=" << r.k; }

class TheoryMushrooms : public ::testing::TestWithParam<Row> {};

TEST_P(TheoryMushrooms, MatchesPaperNotesTable) {
  if (!mushrooms_available()) GTEST_SKIP() << "mushrooms not found (../shared/datasets or $MARINA_DATA_DIR)";
  const Row& row = GetParam();
  TempDir tmp;
  const CliResult r = run_cli({"theory", source_path("scenarios/paper/base.toml"), "--set",
                               "compressor.k=" + std::to_string(row.k)}, tmp.path());
  ASSERT_EQ(r.status, 0) << r.err;
  const auto t = parse_table(r.out);
  ASSERT_TRUE(t.count("marina") && t.count("diana") && t.count("vr_marina") && t.count("vr_diana")) << r.out;
  expect_3_digits(std::stod(t.at("marina").first), row.marina_p, "MARINA p");
  expect_3_digits(t.at("marina").second, row.marina_gl, "MARINA gamma L");
  expect_3_digits(t.at("diana").second, row.diana_gl, "DIANA gamma L");
  expect_3_digits(std::stod(t.at("vr_marina").first), row.vr_marina_p, "VR-MARINA p");
  expect_3_digits(t.at("vr_marina").second, row.vr_marina_gl, "VR-MARINA gamma L");
  expect_3_digits(std::stod(t.at("vr_diana").first), row.vr_diana_p, "VR-DIANA p_ref");
  expect_3_digits(t.at("vr_diana").second, row.vr_diana_gl, "VR-DIANA gamma L");
}

// paper-notes §6.1, mushrooms rows.
INSTANTIATE_TEST_SUITE_P(K, TheoryMushrooms,
                         ::testing::Values(Row{1, 0.00885, 0.01957, 1.81e-4, 0.00885, 0.01903, 0.0105, 1.54e-4},
                                           Row{5, 0.04425, 0.09381, 1.84e-3, 0.01036, 0.0456, 0.0105, 9.97e-4},
                                           Row{10, 0.0885, 0.1784, 4.65e-3, 0.01036, 0.06463, 0.0105, 1.78e-3}));

}  // namespace
}  // namespace marina::testing

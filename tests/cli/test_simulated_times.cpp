// What the engine does per round may change (fewer SimGrid activities and simcalls,
// steps computed ahead on a thread pool) but not what is simulated: every simulated time
// equals the one the engine produced before those changes (tests/data/sim_time_golden,
// README there) to 1e-12 relative, with one thread and with two.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <sstream>

#include "cli_harness.hpp"

namespace marina::testing {
namespace {

constexpr double kRelative = 1e-12;

bool close(double a, double b) { return std::abs(a - b) <= kRelative * std::max(std::abs(a), std::abs(b)); }

std::vector<std::vector<std::string>> read_csv(const fs::path& p) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(read_text(p));
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> cells;
    std::istringstream l(line);
    for (std::string cell; std::getline(l, cell, ',');) cells.push_back(cell);
    rows.push_back(cells);
  }
  return rows;
}

void expect_trace_times(const fs::path& golden, const fs::path& run, const std::string& what) {
  const auto g = read_csv(golden), r = read_csv(run);
  ASSERT_FALSE(g.empty());
  ASSERT_EQ(g.size(), r.size()) << what;
  ASSERT_EQ(g[0], r[0]) << what;
  int checked = 0;
  for (std::size_t c = 0; c < g[0].size(); ++c) {
    const std::string& column = g[0][c];
    if (column != "sim_time_s" && column != "comm_time_s" && column != "compute_time_s") continue;
    for (std::size_t i = 1; i < g.size(); ++i, ++checked)
      EXPECT_TRUE(close(std::stod(g[i][c]), std::stod(r[i][c])))
          << what << " trace row " << i << " " << column << ": " << g[i][c] << " before, " << r[i][c] << " now";
  }
  EXPECT_GE(checked, 3 * static_cast<int>(g.size() - 1)) << what;
}

// Every number under a key ending in "_s" (simulated seconds), wherever it sits.
void expect_summary_times(const nlohmann::json& g, const nlohmann::json& r, const std::string& path, bool time,
                          int& checked) {
  if (g.is_object()) {
    ASSERT_TRUE(r.is_object()) << path;
    for (auto it = g.begin(); it != g.end(); ++it) {
      const std::string& key = it.key();
      ASSERT_TRUE(r.contains(key)) << path << "." << key;
      const bool is_time = key.size() > 2 && key.compare(key.size() - 2, 2, "_s") == 0;
      expect_summary_times(it.value(), r[key], path + "." + key, is_time, checked);
    }
  } else if (g.is_array()) {
    ASSERT_TRUE(r.is_array() && r.size() == g.size()) << path;
    for (std::size_t i = 0; i < g.size(); ++i)
      expect_summary_times(g[i], r[i], path + "[" + std::to_string(i) + "]", time, checked);
  } else if (time) {
    ++checked;
    if (g.is_null()) {
      EXPECT_TRUE(r.is_null()) << path;
    } else {
      EXPECT_TRUE(close(g.get<double>(), r.get<double>())) << path << ": " << g << " before, " << r << " now";
    }
  }
}

struct GoldenCase {
  std::string name;
  std::string scenario;
  std::vector<std::string> sets;
};

void PrintTo(const GoldenCase& c, std::ostream* os) { *os << c.name; }

class SimulatedTimes : public ::testing::TestWithParam<GoldenCase> {};

TEST_P(SimulatedTimes, EqualTheEngineBeforeTheTrim) {
  const GoldenCase& c = GetParam();
  const fs::path golden = fs::path(MARINA_TEST_DATA_DIR) / "sim_time_golden" / c.name;
  TempDir tmp;
  for (const std::string threads : {"1", "2"}) {
    std::vector<std::string> args{"run", source_path(c.scenario), "--threads", threads,
                                  "--out", (tmp / threads).string(), "-q"};
    for (const auto& s : c.sets) args.insert(args.end(), {"--set", s});
    const CliResult r = run_cli(args, tmp.path());
    ASSERT_EQ(r.status, 0) << r.err;
    const std::string what = c.name + ", " + threads + " thread(s)";
    expect_trace_times(golden / "trace.csv", tmp / threads / "trace.csv", what);
    int checked = 0;
    expect_summary_times(read_json(golden / "summary.json"), read_json(tmp / threads / "summary.json"), what, false,
                         checked);
    EXPECT_GE(checked, 20) << what;  // end time, per-host comm/compute/wait, targets
  }
}

INSTANTIATE_TEST_SUITE_P(
    Golden, SimulatedTimes,
    ::testing::Values(GoldenCase{"marina", "scenarios/quickstart.toml", {"run.rounds=300"}},
                      GoldenCase{"pp_marina",
                                 "scenarios/quickstart.toml",
                                 {"run.rounds=300", "method.name=pp_marina", "method.clients=2"}},
                      GoldenCase{"ef21",
                                 "scenarios/quickstart.toml",
                                 {"run.rounds=300", "method.name=ef21", "compressor.name=top_k"}},
                      GoldenCase{"faults", "scenarios/examples/faults.toml", {"run.rounds=2000"}}),
    [](const ::testing::TestParamInfo<GoldenCase>& info) { return info.param.name; });

}  // namespace
}  // namespace marina::testing

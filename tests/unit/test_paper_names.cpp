// How figures and tables name runs (sim/output/paper_names.hpp, plot.hpp's curve styles) and
// how sweeps and advise report progress (sim/cli/sweep_runner.hpp).
#include <gtest/gtest.h>

#include "sim/cli/sweep_runner.hpp"
#include "sim/output/paper_names.hpp"
#include "sim/output/plot.hpp"

namespace marina {
namespace {

TEST(PaperNames, RunTitlesUseTheRegistriesTitles) {
  const nlohmann::json marina{{"method", "marina"}, {"compressor", "rand_k"}, {"compressor_k", 1}};
  EXPECT_EQ(run_title(marina, false), "MARINA, K = 1");
  EXPECT_EQ(run_title(marina, true), "MARINA, Rand-K, K = 1");
  const nlohmann::json ef21{{"method", "ef21"}, {"compressor", "top_k"}, {"compressor_k", 10}};
  EXPECT_EQ(run_title(ef21, true), "EF21, Top-K, K = 10");
  const nlohmann::json gd{{"method", "gd"}, {"compressor", "identity"}, {"compressor_k", nullptr}};
  EXPECT_EQ(run_title(gd, true), "GD");  // sends in full: no compressor, no K
  const nlohmann::json qsgd{{"method", "diana"}, {"compressor", "qsgd"}, {"compressor_k", nullptr}};
  EXPECT_EQ(run_title(qsgd, true), "DIANA, QSGD");
  // A method this binary does not know keeps its name.
  EXPECT_EQ(run_title(nlohmann::json{{"method", "mine"}, {"compressor", "rand_k"}, {"compressor_k", 2}}, false),
            "mine, K = 2");
}

TEST(PaperNames, LegendsAddOnlyWhatTheTitleDoesNotSay) {
  EXPECT_EQ(split_labels("name=marina__k=1__seed=2"), (std::vector<std::string>{"name=marina", "k=1", "seed=2"}));
  EXPECT_EQ(extra_axis_labels(split_labels("name=marina__k=1__seed=2")), (std::vector<std::string>{"seed = 2"}));
  EXPECT_EQ(extra_axis_labels({"path=a9a", "platform=star16", "method=diana", "downlink=delta"}),
            (std::vector<std::string>{"downlink = delta"}));
  EXPECT_TRUE(shown_by_run_title("compressor.k"));
  EXPECT_FALSE(shown_by_run_title("platform.file"));
  EXPECT_EQ(value_as_shown("platform.file", "/somewhere/platforms/star16.xml"), "star16");
  EXPECT_EQ(value_as_shown("seed", "2"), "2");
}

TEST(PlotStyles, OneColourPerMethodAcrossKADashPerK) {
  const std::vector<CurveKey> curves{
      {"marina", 10, ""}, {"diana", 1, ""}, {"marina", 1, ""}, {"diana", 10, ""}, {"gd", std::nullopt, ""}};
  const auto s = curve_styles(curves);
  ASSERT_EQ(s.size(), 5u);
  EXPECT_EQ(s[0].colour, s[2].colour);  // MARINA's colour whatever K
  EXPECT_EQ(s[1].colour, s[3].colour);
  EXPECT_NE(s[0].colour, s[1].colour);
  EXPECT_NE(s[4].colour, s[0].colour);
  EXPECT_NE(s[4].colour, s[1].colour);
  EXPECT_EQ(s[2].dash, 0);  // K = 1 solid, K = 10 the next dash type, within each method
  EXPECT_EQ(s[0].dash, 1);
  EXPECT_EQ(s[1].dash, 0);
  EXPECT_EQ(s[3].dash, 1);
}

TEST(SweepProgress, DoneOfTotalElapsedAndAnEstimate) {
  EXPECT_EQ(progress_line("advise quickstart", 2, 0, 10, 12, 2, 5.0),
            "[advise quickstart] 2/12 runs done, 2 running, 5s elapsed, ? left");
  // 3 of the 10 pending runs in 60 s: 7 more take about 140 s.
  EXPECT_EQ(progress_line("sweep paper", 2, 3, 10, 12, 2, 60.0),
            "[sweep paper] 5/12 runs done, 2 running, 1m00s elapsed, about 2m20s left");
}

}  // namespace
}  // namespace marina

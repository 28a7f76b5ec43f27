// The [faults] strings (sim/scenario/fault_plan.cpp) and the default round timeout's formula
// (sim/engine/round_timeout.cpp). Malformed strings are in tests/bad_inputs/cases.txt.
#include <gtest/gtest.h>

#include <cmath>

#include "sim/scenario/fault_plan.hpp"
#include "sim/engine/round_timeout.hpp"
#include "sim/scenario/scenario.hpp"

namespace marina {
namespace {

TEST(FaultPlan, ParsesEveryFormOfEachKind) {
  const auto crashes = parse_crashes(" worker-2@0.3..0.9, worker-4@0.8 ");
  ASSERT_EQ(crashes.size(), 2u);
  EXPECT_EQ(crashes[0].host, "worker-2");
  EXPECT_EQ(crashes[0].at, 0.3);
  EXPECT_EQ(crashes[0].restart_at, 0.9);
  EXPECT_EQ(crashes[1].host, "worker-4");
  EXPECT_FALSE(crashes[1].restart_at.has_value());

  const auto outages = parse_outages("link-3@1e-3..2e-3,l@5");
  ASSERT_EQ(outages.size(), 2u);
  EXPECT_EQ(outages[0].link, "link-3");
  EXPECT_EQ(outages[0].from, 1e-3);
  EXPECT_EQ(outages[0].until, 2e-3);
  EXPECT_FALSE(outages[1].until.has_value());

  const auto slow = parse_stragglers("worker-1*40@0.2..1.2, server*1.5, w*2@3");
  ASSERT_EQ(slow.size(), 3u);
  EXPECT_EQ(slow[0].host, "worker-1");
  EXPECT_EQ(slow[0].slowdown, 40.0);
  EXPECT_EQ(slow[0].from, 0.2);
  EXPECT_EQ(slow[0].until, 1.2);
  EXPECT_EQ(slow[1].host, "server");
  EXPECT_EQ(slow[1].from, 0.0);  // no window: from the start
  EXPECT_FALSE(slow[1].until.has_value());
  EXPECT_EQ(slow[2].from, 3.0);

  EXPECT_TRUE(parse_crashes("").empty());
  EXPECT_EQ(parse_crashes("w@1e-9..2").size(), 1u);
  EXPECT_THROW(parse_crashes("w@0..2"), std::invalid_argument);  // actors start at 0 on live hosts
  EXPECT_TRUE(parse_crashes("   ").empty());
}

TEST(FaultPlan, DisjointWindowsOfOneHostAreFineOverlappingOnesAreNot) {
  EXPECT_EQ(parse_crashes("w@1..2, w@2..3, v@1.5").size(), 3u);  // touching is not overlapping
  EXPECT_THROW(parse_crashes("w@1..2, w@1.5"), std::invalid_argument);
  EXPECT_THROW(parse_crashes("w@1, w@5"), std::invalid_argument);  // the first never ends
  EXPECT_THROW(parse_stragglers("w*2@0..2, w*3@1"), std::invalid_argument);
}

TEST(FaultPlan, ActiveWithAnyFaultOrAnExplicitTimeoutOnly) {
  EXPECT_FALSE(read_fault_plan(Scenario::parse("", "s.toml")).active());
  EXPECT_TRUE(read_fault_plan(Scenario::parse("[faults]\nround_timeout = 0.5\n", "s.toml")).active());
  EXPECT_FALSE(read_fault_plan(Scenario::parse("[faults]\nround_timeout = \"auto*3\"\n", "s.toml")).active());
  const FaultPlan p = read_fault_plan(Scenario::parse("[faults]\nstragglers = \"w*2\"\ndrop_after = 0\n", "s.toml"));
  EXPECT_TRUE(p.active());
  EXPECT_EQ(p.drop_after, 0);
}

// 2 (13.01 L) + 2 n S / (0.97 B') + 2 F / speed, times 2, for the slowest worker.
TEST(RoundTimeout, IsTwiceThePessimisticRoundOfTheSlowestWorker) {
  const double S = 4000, F = 1e6;
  const WorkerPath fast{20e-6, 125e6, 1e9}, slow{20e-6, 125e6, 0.25e9};
  const double n = 2;
  const double transfer = 2 * 13.01 * 20e-6 + 2 * n * S / (0.97 * 125e6);
  EXPECT_DOUBLE_EQ(auto_round_timeout({fast, slow}, S, F), 2 * (transfer + 2 * F / 0.25e9));
  // A long route is bound by the TCP window: B' = 4 MiB / (2 L).
  const WorkerPath far{0.1, 125e6, 1e9};
  const double window = 4194304.0 / (2 * 0.1);
  EXPECT_DOUBLE_EQ(auto_round_timeout({far}, S, F),
                   2 * (2 * 13.01 * 0.1 + 2 * 1 * S / (0.97 * window) + 2 * F / 1e9));
}

}  // namespace
}  // namespace marina

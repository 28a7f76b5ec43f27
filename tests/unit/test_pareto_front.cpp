// The Pareto front `marina-sim advise` prints (sim/output/pareto_front.cpp): dominance,
// ties, candidates that never reached the target, and the per-cost winners.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>

#include "sim/output/pareto_front.hpp"

namespace marina {
namespace {

TEST(ParetoFront, DominanceNeedsNoWorseEverywhereAndBetterSomewhere) {
  EXPECT_TRUE(dominates({1, 2}, {2, 3}));
  EXPECT_TRUE(dominates({1, 3}, {2, 3}));   // better in one, equal in the other
  EXPECT_FALSE(dominates({2, 3}, {1, 3}));
  EXPECT_FALSE(dominates({1, 4}, {2, 3}));  // a trade-off: neither dominates
  EXPECT_FALSE(dominates({2, 3}, {1, 4}));
  EXPECT_FALSE(dominates({2, 3}, {2, 3}));  // equal vectors do not dominate each other
  EXPECT_TRUE(dominates({1, 1, 1}, {1, 1, 2}));
}

TEST(ParetoFront, KeepsTheTradeOffsAndDropsTheDominated) {
  // (seconds, bits): a fast dense method, a slow thrifty one, one in between, and two that
  // are worse than one of those in both costs.
  const std::vector<std::optional<Costs>> c = {Costs{1, 100}, Costs{10, 5}, Costs{4, 20}, Costs{5, 30},
                                               Costs{11, 100}};
  EXPECT_EQ(pareto_front(c), (std::vector<bool>{true, true, true, false, false}));
}

TEST(ParetoFront, TiesAreOnTheFrontTogether) {
  const std::vector<std::optional<Costs>> c = {Costs{2, 7}, Costs{2, 7}, Costs{3, 8}};
  EXPECT_EQ(pareto_front(c), (std::vector<bool>{true, true, false}));
  EXPECT_EQ(cheapest(c, 0), (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(cheapest(c, 1), (std::vector<std::size_t>{0, 1}));
}

TEST(ParetoFront, NotReachedIsNeverOnTheFrontAndDominatesNothing) {
  // The middle candidate did not reach eps: it must neither appear on the front nor hide
  // the other two (which a "cost 0" or "cost infinity" stand-in could get wrong).
  const std::vector<std::optional<Costs>> c = {Costs{3, 9}, std::nullopt, Costs{9, 3}};
  EXPECT_EQ(pareto_front(c), (std::vector<bool>{true, false, true}));
  EXPECT_EQ(cheapest(c, 0), (std::vector<std::size_t>{0}));
  EXPECT_EQ(cheapest(c, 1), (std::vector<std::size_t>{2}));

  const std::vector<std::optional<Costs>> none = {std::nullopt, std::nullopt};
  EXPECT_EQ(pareto_front(none), (std::vector<bool>{false, false}));
  EXPECT_TRUE(cheapest(none, 0).empty());
}

TEST(ParetoFront, ThreeCostsCanKeepWhatTwoWouldDrop) {
  // With (seconds, bits) only, the third candidate is dominated by the first; its joules
  // make it a trade-off once energy is measured.
  const std::vector<std::optional<Costs>> two = {Costs{1, 10}, Costs{5, 2}, Costs{2, 11}};
  EXPECT_EQ(pareto_front(two), (std::vector<bool>{true, true, false}));
  const std::vector<std::optional<Costs>> three = {Costs{1, 10, 50}, Costs{5, 2, 60}, Costs{2, 11, 40}};
  EXPECT_EQ(pareto_front(three), (std::vector<bool>{true, true, true}));
  EXPECT_EQ(cheapest(three, 2), (std::vector<std::size_t>{2}));
}

TEST(ParetoFront, RejectsMismatchedOrNonFiniteCosts) {
  EXPECT_THROW(dominates({1, 2}, {1}), std::invalid_argument);
  EXPECT_THROW(pareto_front({Costs{1, 2}, Costs{1}}), std::invalid_argument);
  EXPECT_THROW(pareto_front({Costs{1, std::nan("")}, Costs{1, 2}}), std::invalid_argument);
  EXPECT_THROW(cheapest({Costs{std::numeric_limits<double>::infinity()}}, 0), std::invalid_argument);
}

}  // namespace
}  // namespace marina

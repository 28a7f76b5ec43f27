// How close a run that did not reach eps came, and how many rounds it would likely need, from
// its evaluated trace alone (advise's report, sim/output/advise_report.hpp):
//   - the lowest value of the target metric, relative to the start, and the round of it;
//   - its last rate: a least-squares fit of ln(value) against the round over the evaluated
//     rounds of the last half of the run, ln v ≈ a + r·k. With r < 0 the run would reach
//     eps after about k_last + ln(v_fit(k_last) / eps) / (−r) rounds in all, if it went on at
//     that rate (a linear-convergence extrapolation: optimistic for a run that is slowing down,
//     as sublinear rates do, so it is a lower estimate); with r >= 0 it no longer decreases.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

namespace marina {

struct MetricPoint {
  double round = 0, value = 0;
};

struct LowestPoint {
  double relative = 0;  // lowest value / start
  double round = 0;     // the first evaluated round with it
};

// nullopt without a positive finite value (a run that diverged at once).
std::optional<LowestPoint> lowest_point(const std::vector<MetricPoint>& trace, double start);

struct RateFit {
  double per_round = 0;            // r: d ln(value) / d round (negative: decreasing)
  double from_round = 0, to_round = 0;
  std::size_t points = 0;
  double fitted_last = 0;          // exp(a + r · to_round)
};

// Over the points with round >= to_round / 2 (at least the last two points); nullopt with fewer
// than two positive finite values.
std::optional<RateFit> fit_last_rate(const std::vector<MetricPoint>& trace);

// Total rounds to reach `target` at the fitted rate; nullopt when the fit does not decrease.
std::optional<double> rounds_to_reach(const RateFit& fit, double target);

// Suggestions: rounds rounded up to two significant digits (5,432 -> 5,500); a relative target
// rounded up to one (0.0321 -> 0.04), so that the run that got to `relative` reaches it.
double round_up_two_digits(double x);
double round_up_one_digit(double x);

}  // namespace marina

#include "sim/output/reach_estimate.hpp"

#include <cmath>

namespace marina {

namespace {

bool usable(double v) { return v > 0 && std::isfinite(v); }

double round_up_digits(double x, int digits) {
  if (!(x > 0) || !std::isfinite(x)) return x;
  const double unit = std::pow(10.0, std::floor(std::log10(x)) - (digits - 1));
  // A relative slack keeps an exact multiple (0.04 in binary) from moving to the next one.
  return std::ceil(x / unit * (1 - 1e-12)) * unit;
}

}  // namespace

std::optional<LowestPoint> lowest_point(const std::vector<MetricPoint>& trace, double start) {
  std::optional<LowestPoint> best;
  for (const MetricPoint& p : trace)
    if (usable(p.value) && (!best || p.value / start < best->relative)) best = LowestPoint{p.value / start, p.round};
  return best;
}

std::optional<RateFit> fit_last_rate(const std::vector<MetricPoint>& trace) {
  std::vector<MetricPoint> points;
  for (const MetricPoint& p : trace)
    if (usable(p.value)) points.push_back(p);
  if (points.size() < 2) return std::nullopt;
  const double last = points.back().round;
  std::size_t first = points.size() - 2;  // at least two points
  while (first > 0 && points[first - 1].round >= last / 2) --first;
  // Least squares of y = ln v against x = round, centred for accuracy.
  const double n = static_cast<double>(points.size() - first);
  double mx = 0, my = 0;
  for (std::size_t i = first; i < points.size(); ++i) {
    mx += points[i].round / n;
    my += std::log(points[i].value) / n;
  }
  double sxy = 0, sxx = 0;
  for (std::size_t i = first; i < points.size(); ++i) {
    sxy += (points[i].round - mx) * (std::log(points[i].value) - my);
    sxx += (points[i].round - mx) * (points[i].round - mx);
  }
  if (!(sxx > 0)) return std::nullopt;
  RateFit fit;
  fit.per_round = sxy / sxx;
  fit.from_round = points[first].round;
  fit.to_round = last;
  fit.points = points.size() - first;
  fit.fitted_last = std::exp(my + fit.per_round * (last - mx));
  return fit;
}

std::optional<double> rounds_to_reach(const RateFit& fit, double target) {
  if (!(fit.per_round < 0) || !(target > 0)) return std::nullopt;
  if (fit.fitted_last <= target) return fit.to_round;
  return fit.to_round + std::log(fit.fitted_last / target) / -fit.per_round;
}

double round_up_two_digits(double x) { return round_up_digits(x, 2); }
double round_up_one_digit(double x) { return round_up_digits(x, 1); }

}  // namespace marina

// Monte-Carlo moments of a randomized compressor, shared by the compressor tests.
//
// Tolerances used with these statistics are 5 standard errors computed from the same
// samples: with >= 100k draws the sample means are very close to normal, so a correct
// compressor fails one such check with probability ~6e-7 for a random seed (a few hundred
// checks in all: < 1e-3 family-wise), while the fixed seeds keep the tests deterministic.
#pragma once

#include <gtest/gtest.h>

#include <boost/random/normal_distribution.hpp>
#include <cmath>
#include <limits>
#include <string>

#include "methods/common/rng.hpp"
#include "methods/compressors/compressor.hpp"

namespace marina::testing {

inline WireFormat exact_wire(IndexEncoding indices = IndexEncoding::log2) {
  return WireFormat{Precision::f64, indices};
}

inline Vec normal_vector(Index d, std::uint64_t seed) {
  Rng rng(seed);
  boost::random::normal_distribution<double> normal(0.0, 1.0);
  Vec x(d);
  for (Index i = 0; i < d; ++i) x[i] = normal(rng);
  return x;
}

// Magnitudes spread over six orders, both signs, an exact power of two and a zero: the
// small coordinates are where a wrong scale or level would hide behind the large ones.
inline Vec unequal_vector() {
  Vec x(12);
  x << 1e3, -1e-3, 4.0 / 3.0, 0.0, -2.0, 7.5e-2, 3e2, -1e-1, 0.5, 1e-2, -6.0, 2.5e1;
  return x;
}

// Unequal magnitudes for the dithering compressors (ratio 400, smallest |x_j|/||x|| ~ 2e-3).
// A coordinate is sent non-zero with probability ~ s |x_j|/||x||; the Monte-Carlo can only
// check its mean if that outcome occurs often (here >= ~200 times in 1e5 draws for s = 1):
// with no occurrence the sample variance is 0 and no standard error can be formed, while a
// bias below 1/N of the level spacing is invisible to any test of this size.
inline Vec dithering_unequal_vector() {
  Vec x(12);
  x << 4.0, -1e-2, 2.5e-1, 0.0, -3.0, 2e-2, 1e-1, -5e-2, 1.0, 4.0 / 3.0, -1.5e-2, 6e-1;
  return x;
}

struct SampleStatistics {
  int draws = 0;
  Vec mean;                  // per coordinate
  Vec variance;              // per coordinate, unbiased sample variance
  Vec max_abs;               // largest |sample| per coordinate
  double error_sq_mean = 0;  // mean of ||Q(x) - x||^2
  double error_sq_sd = 0;    // its sample standard deviation

  double standard_error(Index j) const { return std::sqrt(variance[j] / draws); }
  double error_sq_standard_error() const { return error_sq_sd / std::sqrt(static_cast<double>(draws)); }
};

// draw(s) returns the decoded Q(x) of draw s. Welford's update keeps the mean of a constant
// coordinate exact and the variance free of cancellation.
template <class Draw>
SampleStatistics sample_statistics(const Vec& x, int draws, Draw&& draw) {
  const Index d = x.size();
  SampleStatistics st{draws, Vec::Zero(d), Vec::Zero(d), Vec::Zero(d), 0, 0};
  Vec m2 = Vec::Zero(d);
  double e_mean = 0, e_m2 = 0;
  for (int s = 0; s < draws; ++s) {
    const Vec v = draw(s);
    const double k = s + 1;
    const Vec delta = v - st.mean;
    st.mean += delta / k;
    m2 += delta.cwiseProduct(v - st.mean);
    st.max_abs = st.max_abs.cwiseMax(v.cwiseAbs());
    const double e = (v - x).squaredNorm();
    const double de = e - e_mean;
    e_mean += de / k;
    e_m2 += de * (e - e_mean);
  }
  st.variance = m2 / (draws - 1);
  st.error_sq_mean = e_mean;
  st.error_sq_sd = std::sqrt(e_m2 / (draws - 1));
  return st;
}

// Statistics of q.compress(x) with one worker stream.
inline SampleStatistics sample_compressor(const Compressor& q, const Vec& x, int draws, std::uint64_t seed = 7) {
  Rng rng = make_rng(seed, StreamRole::worker, 0);
  return sample_statistics(x, draws, [&](int) { return q.compress(x, rng).to_dense(); });
}

// Rounding slack for the running mean: Welford's update errs by at most a few ulps of the
// largest sample per draw, so N * 4 eps * max|sample| bounds it (~1e-10 relative for 1e5
// draws); it only matters for coordinates whose variance is (near) zero.
inline double mean_rounding_slack(const SampleStatistics& st, Index j) {
  return st.draws * 4 * std::numeric_limits<double>::epsilon() * st.max_abs[j];
}

// E[Q(x)] = x: every coordinate within 5 standard errors (see the header comment).
inline void expect_unbiased(const SampleStatistics& st, const Vec& x, const std::string& label) {
  for (Index j = 0; j < x.size(); ++j)
    EXPECT_NEAR(st.mean[j], x[j], 5 * st.standard_error(j) + mean_rounding_slack(st, j))
        << label << ", coordinate " << j;
}

// E||Q(x) - x||^2 equals `exact` within 5 standard errors of the mean squared error, plus
// a relative 1e-9 for the rounding of the accumulated sums.
inline void expect_error_sq(const SampleStatistics& st, double exact, const std::string& label) {
  EXPECT_NEAR(st.error_sq_mean, exact, 5 * st.error_sq_standard_error() + 1e-9 * exact) << label;
}

// E||Q(x) - x||^2 <= omega ||x||^2, allowing 5 standard errors of the estimate.
inline void expect_within_omega(const SampleStatistics& st, double omega, const Vec& x, const std::string& label) {
  EXPECT_LE(st.error_sq_mean, omega * x.squaredNorm() + 5 * st.error_sq_standard_error()) << label;
}

// Variance of unbiased randomised rounding of v to lo <= v <= hi: (hi - v)(v - lo).
inline double rounding_variance(double v, double lo, double hi) { return (hi - v) * (v - lo); }

}  // namespace marina::testing

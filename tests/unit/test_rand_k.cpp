// RandK is unbiased with omega = d/K - 1, and the bound E||Q(x) - x||^2 <= omega ||x||^2 is
// tight for it (paper-notes §4.2). Tolerances are 5 standard errors of the Monte-Carlo
// estimate, computed from the same samples: with a fixed seed the test is deterministic,
// and a correct RandK would fail it with probability below 1e-5 for a random seed.
#include <gtest/gtest.h>

#include <boost/random/normal_distribution.hpp>
#include <cmath>

#include "methods/common/rng.hpp"
#include "methods/compressors/rand_k.hpp"

namespace marina {
namespace {

WireFormat exact_wire() { return WireFormat{Precision::f64, IndexEncoding::log2}; }

Vec random_vector(Index d, std::uint64_t seed) {
  Rng rng(seed);
  boost::random::normal_distribution<double> normal(0.0, 1.0);
  Vec x(d);
  for (Index i = 0; i < d; ++i) x[i] = normal(rng);
  return x;
}

struct Moments {
  Vec mean;
  double error_sq_mean = 0;  // mean of ||Q(x) - x||^2
  double error_sq_sd = 0;    // its sample standard deviation
  Vec index_frequency;
};

Moments sample_moments(const Compressor& q, const Vec& x, int n_samples) {
  Rng rng = make_rng(7, StreamRole::worker, 0);
  Moments m{Vec::Zero(x.size()), 0, 0, Vec::Zero(x.size())};
  double sum = 0, sum_sq = 0;
  for (int s = 0; s < n_samples; ++s) {
    const Message msg = q.compress(x, rng);
    const Vec v = msg.to_dense();
    m.mean += v;
    for (Index i : msg.indices) m.index_frequency[i] += 1;
    const double e = (v - x).squaredNorm();
    sum += e;
    sum_sq += e * e;
  }
  m.mean /= n_samples;
  m.index_frequency /= n_samples;
  m.error_sq_mean = sum / n_samples;
  m.error_sq_sd = std::sqrt(sum_sq / n_samples - m.error_sq_mean * m.error_sq_mean);
  return m;
}

class RandKStatistics : public ::testing::TestWithParam<std::pair<Index, Index>> {};

TEST_P(RandKStatistics, UnbiasedWithTightSecondMoment) {
  const auto [d, k] = GetParam();
  const RandKCompressor q(d, k, exact_wire());
  const double omega = static_cast<double>(d) / static_cast<double>(k) - 1.0;
  EXPECT_DOUBLE_EQ(q.omega(d), omega);
  EXPECT_DOUBLE_EQ(q.expected_density(d), static_cast<double>(k));

  const int n = 200000;
  const Vec x = random_vector(d, 11);
  const Moments m = sample_moments(q, x, n);
  for (Index j = 0; j < d; ++j) {
    // Var(Q_j) = omega x_j^2, so the mean has standard error |x_j| sqrt(omega / n).
    const double se = std::abs(x[j]) * std::sqrt(omega / n);
    EXPECT_NEAR(m.mean[j], x[j], 5 * se + 1e-9 * std::abs(x[j])) << "coordinate " << j;
    // Each index is kept with probability k/d (binomial standard error).
    const double p = static_cast<double>(k) / static_cast<double>(d);
    EXPECT_NEAR(m.index_frequency[j], p, 5 * std::sqrt(p * (1 - p) / n)) << "coordinate " << j;
  }
  const double expected = omega * x.squaredNorm();
  EXPECT_NEAR(m.error_sq_mean, expected, 5 * m.error_sq_sd / std::sqrt(n));
}

INSTANTIATE_TEST_SUITE_P(Shapes, RandKStatistics,
                         ::testing::Values(std::make_pair(Index{20}, Index{1}), std::make_pair(Index{20}, Index{3}),
                                           std::make_pair(Index{113}, Index{10}),
                                           std::make_pair(Index{8}, Index{8})));

TEST(RandK, SendsExactlyKDistinctAscendingIndices) {
  const RandKCompressor q(50, 7, exact_wire());
  Rng rng(3);
  const Vec x = random_vector(50, 5);
  for (int s = 0; s < 1000; ++s) {
    const Message m = q.compress(x, rng);
    ASSERT_EQ(m.indices.size(), 7u);
    for (std::size_t j = 1; j < m.indices.size(); ++j) ASSERT_LT(m.indices[j - 1], m.indices[j]);
    for (std::size_t j = 0; j < m.indices.size(); ++j) ASSERT_DOUBLE_EQ(m.values[j], 50.0 / 7.0 * x[m.indices[j]]);
  }
}

TEST(RandK, BitsAreValuesPlusIndices) {
  const Vec x = random_vector(113, 1);
  Rng rng(1);
  // f32 values, 7-bit indices (ceil(log2 113) = 7).
  EXPECT_EQ(RandKCompressor(113, 5, {Precision::f32, IndexEncoding::log2}).compress(x, rng).bits, 5u * (32 + 7));
  EXPECT_EQ(RandKCompressor(113, 5, {Precision::f32, IndexEncoding::none}).compress(x, rng).bits, 5u * 32);
  EXPECT_EQ(RandKCompressor(113, 5, {Precision::f64, IndexEncoding::int32}).compress(x, rng).bits, 5u * (64 + 32));
  // A 113-bit mask beats 100 x 7 bits of indices.
  EXPECT_EQ(RandKCompressor(113, 100, {Precision::f16, IndexEncoding::automatic}).compress(x, rng).bits,
            100u * 16 + 113);
}

TEST(RandK, ValuesAreRoundedToTheWirePrecision) {
  const Vec x = random_vector(30, 2);
  Rng rng(4);
  const Message m = RandKCompressor(30, 30, {Precision::f32, IndexEncoding::none}).compress(x, rng);
  for (std::size_t j = 0; j < m.values.size(); ++j)
    EXPECT_EQ(m.values[j], static_cast<double>(static_cast<float>(x[m.indices[j]])));
}

}  // namespace
}  // namespace marina

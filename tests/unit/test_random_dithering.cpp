// Random dithering / QSGD (paper-notes §4.3): unbiased, per-coordinate variance of a
// randomised rounding between the levels r l/s and r (l+1)/s, and below the QSGD bound
// omega = min(d/s^2, sqrt(d)/s); exact encoded sizes of the dense and sparse level codes.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "methods/common/input_error.hpp"
#include "methods/compressors/random_dithering.hpp"
#include "methods/compressors/wire_format.hpp"
#include "tests/unit/compressor_statistics.hpp"

namespace marina {
namespace {

using testing::exact_wire;

Message qsgd(const Vec& x, int s, WireFormat wire) {
  Rng rng(1);
  return RandomDitheringCompressor(x.size(), s, wire).compress(x, rng);
}

// sum_j Var(Q_j) for the f64 wire: rounding |x_j| between the neighbouring levels.
double exact_error_sq(const Vec& x, int s) {
  const double norm = x.norm();
  double total = 0;
  for (Index j = 0; j < x.size(); ++j) {
    const double a = std::abs(x[j]);
    const double l = std::floor(s * a / norm);
    total += testing::rounding_variance(a, norm * l / s, norm * (l + 1) / s);
  }
  return total;
}

TEST(RandomDithering, OmegaAndDensityFollowQsgdLemma31) {
  const RandomDitheringCompressor q1(20, 1, exact_wire()), q4(20, 4, exact_wire()), q10(20, 10, exact_wire());
  EXPECT_EQ(q1.name(), "qsgd");
  EXPECT_TRUE(q1.unbiased());
  EXPECT_DOUBLE_EQ(q1.omega(20), std::sqrt(20.0));      // sqrt(d)/s < d/s^2
  EXPECT_DOUBLE_EQ(q4.omega(20), std::sqrt(20.0) / 4);  // 1.118 < 1.25
  EXPECT_DOUBLE_EQ(q10.omega(20), 20.0 / 100);          // 0.2 < 0.447
  EXPECT_DOUBLE_EQ(q1.expected_density(20), 1 + std::sqrt(20.0));
  EXPECT_DOUBLE_EQ(q10.expected_density(20), 20.0);  // capped at d
}

TEST(RandomDithering, CeilLog2) {
  EXPECT_EQ(ceil_log2(1), 0u);
  EXPECT_EQ(ceil_log2(2), 1u);
  EXPECT_EQ(ceil_log2(3), 2u);
  EXPECT_EQ(ceil_log2(4), 2u);
  EXPECT_EQ(ceil_log2(5), 3u);
  EXPECT_EQ(ceil_log2(257), 9u);
}

// Tolerances: 5 standard errors (compressor_statistics.hpp).
TEST(RandomDithering, UnbiasedWithExactVarianceBelowOmega) {
  const int draws = 100000;
  Vec dominant = Vec::Zero(15);
  dominant[2] = -40.0;
  dominant[9] = 0.3;
  dominant[14] = 0.1;
  const std::vector<std::pair<Vec, int>> cases = {{testing::normal_vector(20, 31), 1},
                                                  {testing::normal_vector(20, 31), 2},
                                                  {testing::normal_vector(20, 32), 4},
                                                  {testing::dithering_unequal_vector(), 1},
                                                  {testing::dithering_unequal_vector(), 3},
                                                  {testing::dithering_unequal_vector(), 16},
                                                  {dominant, 1},
                                                  {dominant, 5}};
  for (const auto& [x, s] : cases) {
    const RandomDitheringCompressor q(x.size(), s, exact_wire());
    const testing::SampleStatistics st = testing::sample_compressor(q, x, draws);
    const std::string label = "d = " + std::to_string(x.size()) + ", s = " + std::to_string(s);
    testing::expect_unbiased(st, x, label);
    testing::expect_error_sq(st, exact_error_sq(x, s), label);
    EXPECT_LE(exact_error_sq(x, s), q.omega(x.size()) * x.squaredNorm()) << label;
    testing::expect_within_omega(st, q.omega(x.size()), x, label);
  }
}

// Magnitudes over six orders: the means of the smallest coordinates cannot be resolved by
// the Monte-Carlo (see dithering_unequal_vector), but the second moment can: its exact value
// within 5 standard errors, and below omega.
TEST(RandomDithering, SecondMomentWithSixOrdersOfMagnitude) {
  const Vec x = testing::unequal_vector();
  for (int s : {1, 2, 7}) {
    const RandomDitheringCompressor q(x.size(), s, exact_wire());
    const testing::SampleStatistics st = testing::sample_compressor(q, x, 100000);
    const std::string label = "s = " + std::to_string(s);
    testing::expect_error_sq(st, exact_error_sq(x, s), label);
    testing::expect_within_omega(st, q.omega(x.size()), x, label);
  }
}

// x = (3, 4, 0, ..., 0), d = 20, s = 5: ||x|| = 5 and the levels 3, 4 are exact, so the
// message is deterministic. Every code starts with the norm and a 1-bit mode. Dense levels:
// 20 (1 + ceil(log2 6)) = 80 bits. Sparse: a nonzero count of ceil(log2 21) = 5 bits, 2 values
// of 1 + ceil(log2 5) = 4 bits, plus indices (log2: 2 x 5, int32: 64, mask: 20).
TEST(RandomDithering, BitsPickTheCheaperLevelCode) {
  Vec x = Vec::Zero(20);
  x[0] = 3;
  x[1] = 4;
  const auto check = [&](WireFormat wire, std::uint64_t bits, bool dense) {
    const Message m = qsgd(x, 5, wire);
    EXPECT_EQ(m.bits, bits) << to_string(wire.precision) << " " << to_string(wire.indices);
    EXPECT_EQ(m.is_dense(), dense) << to_string(wire.precision) << " " << to_string(wire.indices);
    EXPECT_EQ(m.to_dense(), x);
  };
  check({Precision::f32, IndexEncoding::log2}, 32 + 1 + 5 + 8 + 10, false);
  check({Precision::f32, IndexEncoding::int32}, 32 + 1 + 5 + 8 + 64, false);
  check({Precision::f32, IndexEncoding::mask}, 32 + 1 + 5 + 8 + 20, false);
  check({Precision::f32, IndexEncoding::automatic}, 32 + 1 + 5 + 8 + 10, false);
  check({Precision::f32, IndexEncoding::none}, 32 + 1 + 80, true);  // indices cannot be sent
  check({Precision::f16, IndexEncoding::log2}, 16 + 1 + 5 + 8 + 10, false);
  check({Precision::f64, IndexEncoding::log2}, 64 + 1 + 5 + 8 + 10, false);
  check({Precision::f64, IndexEncoding::log2, true}, 32 + 20 * (1 + 3), true);  // authors' count
}

// x = (1, 1, 1, 1), s = 2: every level is 1 (deterministic). Dense: 1 + 4 (1 + 2) = 13 bits;
// sparse: 1 + 3 (count) + 4 (1 + 1) = 12 plus 8 (log2) or 4 (mask) index bits: dense wins.
TEST(RandomDithering, BitsTieGoesToTheDenseCode) {
  const Vec x = Vec::Ones(4);
  for (IndexEncoding e : {IndexEncoding::log2, IndexEncoding::mask, IndexEncoding::automatic, IndexEncoding::int32}) {
    const Message m = qsgd(x, 2, {Precision::f32, e});
    EXPECT_EQ(m.bits, 32u + 13u) << to_string(e);
    EXPECT_TRUE(m.is_dense()) << to_string(e);
    EXPECT_EQ(m.to_dense(), x);
  }
}

// s = 1 sends no level bits in the sparse code: x = -2.5 e_3, d = 16. Dense: 1 + 16 x 2 = 33
// bits; sparse: 1 + 5 (count) + 1 sign bit + indices (log2: 4, mask: 16, int32: 32).
TEST(RandomDithering, BitsForOneLevel) {
  Vec x = Vec::Zero(16);
  x[3] = -2.5;
  EXPECT_EQ(qsgd(x, 1, {Precision::f32, IndexEncoding::log2}).bits, 32u + 1 + 5 + 1 + 4);
  EXPECT_EQ(qsgd(x, 1, {Precision::f32, IndexEncoding::mask}).bits, 32u + 1 + 5 + 1 + 16);
  EXPECT_EQ(qsgd(x, 1, {Precision::f32, IndexEncoding::int32}).bits, 32u + 33);  // dense: 33 < 39
  EXPECT_EQ(qsgd(x, 1, {Precision::f32, IndexEncoding::automatic, true}).bits, 32u + 16 * 1);
  EXPECT_EQ(qsgd(x, 1, {Precision::f32, IndexEncoding::log2}).to_dense(), x);
}

TEST(RandomDithering, ZeroVectorSendsOnlyTheNorm) {
  const Vec x = Vec::Zero(10);
  for (Precision p : {Precision::f16, Precision::f32, Precision::f64}) {
    const WireFormat wire{p, IndexEncoding::mask};
    const Message m = qsgd(x, 3, wire);
    EXPECT_EQ(m.bits, wire.value_bits());
    EXPECT_EQ(m.nonzeros(), 0);
    EXPECT_EQ(m.to_dense(), x);
  }
  EXPECT_EQ(qsgd(x, 3, {Precision::f32, IndexEncoding::log2, true}).bits, 32u + 10 * (1 + 2));
}

// Decoded values are sign(x_j) r xi_j / s with r = wire.round(||x||) and xi_j in 1..s.
TEST(RandomDithering, ValuesUseTheRoundedNorm) {
  const Vec x = testing::normal_vector(50, 6);
  const int s = 4;
  for (Precision p : {Precision::f16, Precision::f32}) {
    const WireFormat wire{p, IndexEncoding::log2};
    const double r = wire.round(x.norm());
    ASSERT_NE(r, x.norm());
    const Vec v = qsgd(x, s, wire).to_dense();
    for (Index j = 0; j < x.size(); ++j) {
      if (v[j] == 0) continue;
      const double xi = std::round(std::abs(v[j]) * s / r);
      EXPECT_GE(xi, 1);
      EXPECT_LE(xi, s);
      EXPECT_EQ(v[j], std::copysign(r * xi / s, x[j])) << to_string(p) << ", coordinate " << j;
    }
  }
}

// f16: ||x|| = 1 + 2^-12 rounds down to 1, so s|x_0|/r > s; the level is clamped to s.
TEST(RandomDithering, LevelIsClampedWhenTheNormRoundsDown) {
  Vec x = Vec::Zero(2);
  x[0] = 1 + std::ldexp(1.0, -12);
  const Message m = qsgd(x, 3, {Precision::f16, IndexEncoding::log2});
  EXPECT_EQ(m.to_dense()[0], 1.0);
  EXPECT_EQ(m.to_dense()[1], 0.0);
}

// f16: ||x|| = 1e5 overflows to inf; the non-zero level decodes to inf, never NaN.
TEST(RandomDithering, OverflowingNormSendsInfinityNotNan) {
  Vec x = Vec::Zero(3);
  x[1] = -1e5;
  const Vec v = qsgd(x, 2, {Precision::f16, IndexEncoding::log2}).to_dense();
  EXPECT_EQ(v[0], 0.0);
  EXPECT_EQ(v[1], -std::numeric_limits<double>::infinity());
  EXPECT_EQ(v[2], 0.0);
}

TEST(RandomDithering, FactoryChecksLevels) {
  EXPECT_EQ(make_compressor({"qsgd", 1, 3, 1}, 10, exact_wire())->name(), "qsgd");
  try {
    make_compressor({"qsgd", 1, 0, 1}, 10, exact_wire());
    FAIL() << "levels = 0 accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("compressor.levels = 0"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace marina

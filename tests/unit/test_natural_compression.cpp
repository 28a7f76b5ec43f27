// Natural compression C_nat (paper-notes §4.4): unbiased rounding to a neighbouring power of
// two, variance (2^(a+1) - |x|)(|x| - 2^a) per coordinate, at most (1/8) x^2 with equality at
// |x| = (4/3) 2^a; sign + exponent bits on the wire.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "methods/compressors/natural_compression.hpp"
#include "tests/unit/compressor_statistics.hpp"

namespace marina {
namespace {

using testing::exact_wire;

Vec natural(const Vec& x, WireFormat wire, std::uint64_t seed = 1) {
  Rng rng(seed);
  return NaturalCompressor(wire).compress(x, rng).to_dense();
}

// Lower power of two by log2 (a different route from the implementation's frexp).
double exact_error_sq(const Vec& x) {
  double total = 0;
  for (Index j = 0; j < x.size(); ++j) {
    const double a = std::abs(x[j]);
    if (a == 0) continue;
    const double lo = std::exp2(std::floor(std::log2(a)));
    total += testing::rounding_variance(a, lo, 2 * lo);
  }
  return total;
}

TEST(NaturalCompression, Parameters) {
  const NaturalCompressor q(exact_wire());
  EXPECT_EQ(q.name(), "natural");
  EXPECT_TRUE(q.unbiased());
  EXPECT_DOUBLE_EQ(q.omega(100), 0.125);
  EXPECT_DOUBLE_EQ(q.expected_density(100), 100.0);
}

// Tolerances: 5 standard errors (compressor_statistics.hpp). The (4/3)-vector reaches the
// bound omega = 1/8 exactly, so "below omega" is checked where it is tight.
TEST(NaturalCompression, UnbiasedWithExactVarianceBelowOmega) {
  const int draws = 100000;
  const NaturalCompressor q(exact_wire());
  const Vec tight = Vec::Constant(5, 4.0 / 3.0).cwiseProduct(Vec::LinSpaced(5, 1, 5).unaryExpr([](double i) {
    return std::exp2(3 * i - 8);  // 2^-5 .. 2^7
  }));
  for (const Vec& x : {testing::unequal_vector(), testing::normal_vector(20, 41), tight}) {
    const testing::SampleStatistics st = testing::sample_compressor(q, x, draws);
    testing::expect_unbiased(st, x, "natural");
    testing::expect_error_sq(st, exact_error_sq(x), "natural");
    EXPECT_LE(exact_error_sq(x), (0.125 + 1e-15) * x.squaredNorm());
    testing::expect_within_omega(st, q.omega(x.size()), x, "natural");
  }
  EXPECT_NEAR(exact_error_sq(tight), 0.125 * tight.squaredNorm(), 1e-12 * tight.squaredNorm());
}

TEST(NaturalCompression, OutputsNeighbouringPowersOfTwoWithTheSign) {
  const Vec x = testing::normal_vector(200, 3);
  const Vec v = natural(x, exact_wire());
  for (Index j = 0; j < x.size(); ++j) {
    const double lo = std::exp2(std::floor(std::log2(std::abs(x[j]))));
    EXPECT_TRUE(std::abs(v[j]) == lo || std::abs(v[j]) == 2 * lo) << j;
    EXPECT_EQ(std::signbit(v[j]), std::signbit(x[j])) << j;
  }
}

TEST(NaturalCompression, PowersOfTwoAndZerosAreKeptExactly) {
  Vec x(6);
  x << 1.0, -0.25, 0.0, 1024.0, -std::ldexp(1.0, -30), 0.5;
  for (std::uint64_t seed = 0; seed < 20; ++seed) EXPECT_EQ(natural(x, exact_wire(), seed), x);
}

// Above the normal exponent range values clamp to the largest normal power; below it they
// round randomly to 0 or the smallest normal power, which keeps them unbiased.
TEST(NaturalCompression, HandlesTheEndsOfTheExponentRange) {
  Vec x(5);
  x << 1e-6, -1e6, 3.0, 1e-40, std::numeric_limits<double>::infinity();
  const Vec h = natural(x, {Precision::f16});
  EXPECT_TRUE(h[0] == 0.0 || h[0] == std::ldexp(1.0, -14));
  EXPECT_EQ(h[1], -std::ldexp(1.0, 15));
  EXPECT_TRUE(h[3] == 0.0 || h[3] == std::ldexp(1.0, -14));
  EXPECT_EQ(h[4], std::ldexp(1.0, 15));
  const Vec f = natural(x, {Precision::f32});
  EXPECT_TRUE(f[3] == 0.0 || f[3] == std::ldexp(1.0, -126));
  EXPECT_EQ(f[4], std::ldexp(1.0, 127));
  EXPECT_TRUE(f[0] == std::ldexp(1.0, -20) || f[0] == std::ldexp(1.0, -19));  // 2^-20 < 1e-6 < 2^-19
  const Vec d = natural(x, {Precision::f64});
  EXPECT_EQ(d[4], std::ldexp(1.0, 1023));
  EXPECT_TRUE(d[3] > 0 && d[3] < 1e-39);  // in range for f64: rounded, not clamped
  EXPECT_TRUE(std::isnan(natural(Vec::Constant(1, std::nan("")), exact_wire())[0]));
}

// Below 2^-14 (f16) a value is sent as 2^-14 with probability |x| / 2^-14, else as 0.
TEST(NaturalCompression, SubnormalInputsStayUnbiased) {
  const double a = 1e-5, smallest = std::ldexp(1.0, -14);
  const int n = 200000;
  Vec x = Vec::Constant(1, a);
  double sum = 0;
  for (int s = 0; s < n; ++s) sum += natural(x, {Precision::f16}, static_cast<std::uint64_t>(s))[0];
  // Bernoulli(a / smallest) * smallest: standard error smallest * sqrt(q (1 - q) / n).
  const double q = a / smallest;
  EXPECT_NEAR(sum / n, a, 5 * smallest * std::sqrt(q * (1 - q) / n));
}

TEST(NaturalCompression, ValuesEqualTheirWireRounding) {
  const Vec x = testing::unequal_vector();
  for (Precision p : {Precision::f16, Precision::f32, Precision::f64}) {
    const WireFormat wire{p};
    const Vec v = natural(x, wire);
    for (Index j = 0; j < v.size(); ++j) EXPECT_EQ(v[j], wire.round(v[j])) << to_string(p) << " " << j;
  }
}

// 1 sign bit + the exponent field of the precision per coordinate; the paper counts 9.
TEST(NaturalCompression, BitsAreSignPlusExponent) {
  const Vec x = testing::normal_vector(7, 2);
  Rng rng(1);
  const auto bits = [&](WireFormat wire) { return NaturalCompressor(wire).compress(x, rng).bits; };
  EXPECT_EQ(bits({Precision::f16}), 7u * 6);
  EXPECT_EQ(bits({Precision::f32}), 7u * 9);
  EXPECT_EQ(bits({Precision::f64}), 7u * 12);
  EXPECT_EQ(bits({Precision::f64, IndexEncoding::automatic, true}), 7u * 9);
  EXPECT_EQ(bits({Precision::f16, IndexEncoding::none, true}), 7u * 9);
  EXPECT_TRUE(NaturalCompressor({Precision::f32}).compress(x, rng).is_dense());
}

TEST(NaturalCompression, FactoryBuildsIt) {
  EXPECT_EQ(make_compressor({"natural", 1, 1, 1}, 10, exact_wire())->name(), "natural");
}

}  // namespace
}  // namespace marina

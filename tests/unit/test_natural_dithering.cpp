// Natural dithering (paper-notes §4.3): |x_j|/||x|| rounded unbiasedly between neighbouring
// levels of {0, 2^(1-s), ..., 1/2, 1}; omega = 1/8 + (sqrt(d)/2^(s-1)) min{1, sqrt(d)/2^(s-1)}.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "methods/common/input_error.hpp"
#include "methods/compressors/natural_dithering.hpp"
#include "tests/unit/compressor_statistics.hpp"

namespace marina {
namespace {

using testing::exact_wire;

Message natural_dithering(const Vec& x, int s, WireFormat wire, std::uint64_t seed = 1) {
  Rng rng(seed);
  return NaturalDitheringCompressor(x.size(), s, wire).compress(x, rng);
}

// The neighbouring levels of y in [0, 1], found by scanning the level list.
std::pair<double, double> neighbours(double y, int s) {
  double lo = 0, hi = std::exp2(1 - s);
  for (int i = 1 - s; i <= 0 && y >= std::exp2(i); ++i) {
    lo = std::exp2(i);
    hi = std::exp2(i + 1);
  }
  return {lo, hi};
}

double exact_error_sq(const Vec& x, int s) {
  const double norm = x.norm();
  double total = 0;
  for (Index j = 0; j < x.size(); ++j) {
    const double y = std::abs(x[j]) / norm;
    const auto [lo, hi] = neighbours(y, s);
    total += norm * norm * testing::rounding_variance(y, lo, hi);
  }
  return total;
}

TEST(NaturalDithering, OmegaFollowsTheCodeFormula) {
  EXPECT_DOUBLE_EQ(NaturalDitheringCompressor(16, 1, exact_wire()).omega(16), 0.125 + 4.0 * 1.0);
  EXPECT_DOUBLE_EQ(NaturalDitheringCompressor(16, 3, exact_wire()).omega(16), 0.125 + 1.0 * 1.0);
  EXPECT_DOUBLE_EQ(NaturalDitheringCompressor(16, 5, exact_wire()).omega(16), 0.125 + 0.25 * 0.25);
  const NaturalDitheringCompressor q(16, 2, exact_wire());
  EXPECT_EQ(q.name(), "natural_dithering");
  EXPECT_TRUE(q.unbiased());
  EXPECT_DOUBLE_EQ(q.expected_density(16), 16.0);
}

// Tolerances: 5 standard errors (compressor_statistics.hpp).
TEST(NaturalDithering, UnbiasedWithExactVarianceBelowOmega) {
  const int draws = 100000;
  const std::vector<std::pair<Vec, int>> cases = {
      {testing::normal_vector(20, 51), 1},      {testing::normal_vector(20, 51), 2},
      {testing::normal_vector(20, 52), 8},      {testing::dithering_unequal_vector(), 1},
      {testing::dithering_unequal_vector(), 3}, {testing::dithering_unequal_vector(), 12}};
  for (const auto& [x, s] : cases) {
    const NaturalDitheringCompressor q(x.size(), s, exact_wire());
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
TEST(NaturalDithering, SecondMomentWithSixOrdersOfMagnitude) {
  const Vec x = testing::unequal_vector();
  for (int s : {1, 2, 7}) {
    const NaturalDitheringCompressor q(x.size(), s, exact_wire());
    const testing::SampleStatistics st = testing::sample_compressor(q, x, 100000);
    const std::string label = "s = " + std::to_string(s);
    testing::expect_error_sq(st, exact_error_sq(x, s), label);
    testing::expect_within_omega(st, q.omega(x.size()), x, label);
  }
}

TEST(NaturalDithering, DecodedValuesAreRoundedNormTimesALevel) {
  const Vec x = testing::normal_vector(40, 7);
  const int s = 4;
  for (Precision p : {Precision::f16, Precision::f32, Precision::f64}) {
    const WireFormat wire{p};
    const double r = wire.round(x.norm());
    const Message m = natural_dithering(x, s, wire);
    ASSERT_TRUE(m.is_dense());
    for (Index j = 0; j < x.size(); ++j) {
      const double level = std::abs(m.dense[j]) / r;
      const bool is_level = level == 0 || level == 1 || level == 0.5 || level == 0.25 || level == 0.125;
      EXPECT_TRUE(is_level) << to_string(p) << ", coordinate " << j << ": level " << level;
      if (level != 0) {
        EXPECT_EQ(std::signbit(m.dense[j]), std::signbit(x[j]));
      }
    }
  }
}

// x = (1, -1, 1, 1): ||x|| = 2 and every |x_j|/||x|| = 1/2 is a level, so the output is x.
TEST(NaturalDithering, ExactLevelsAreKept) {
  Vec x(4);
  x << 1, -1, 1, 1;
  for (std::uint64_t seed = 0; seed < 10; ++seed) EXPECT_EQ(natural_dithering(x, 3, exact_wire(), seed).to_dense(), x);
  EXPECT_EQ(natural_dithering(Vec::Zero(5), 3, exact_wire()).to_dense(), Vec::Zero(5));
}

// The norm plus d (1 + ceil(log2(s+1))) bits: d = 20; s = 3 -> 3 bits, s = 1 -> 2, s = 4 -> 4.
TEST(NaturalDithering, BitsAreNormPlusSignAndLevel) {
  const Vec x = testing::normal_vector(20, 3);
  EXPECT_EQ(natural_dithering(x, 3, {Precision::f16}).bits, 16u + 20 * 3);
  EXPECT_EQ(natural_dithering(x, 3, {Precision::f32}).bits, 32u + 20 * 3);
  EXPECT_EQ(natural_dithering(x, 3, {Precision::f64}).bits, 64u + 20 * 3);
  EXPECT_EQ(natural_dithering(x, 1, {Precision::f32}).bits, 32u + 20 * 2);
  EXPECT_EQ(natural_dithering(x, 4, {Precision::f32}).bits, 32u + 20 * 4);
  EXPECT_EQ(natural_dithering(x, 3, {Precision::f64, IndexEncoding::none, true}).bits, 32u + 20 * 3);  // paper
  EXPECT_EQ(natural_dithering(x, 3, {Precision::f16, IndexEncoding::mask}).bits, 16u + 20 * 3);        // no indices
}

TEST(NaturalDithering, FactoryChecksLevels) {
  EXPECT_EQ(make_compressor({"natural_dithering", 1, 2, 1}, 10, exact_wire())->name(), "natural_dithering");
  try {
    make_compressor({"natural_dithering", 1, -1, 1}, 10, exact_wire());
    FAIL() << "levels = -1 accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("compressor.levels = -1"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace marina

// Synthetic data: determinism, shape, per-group heterogeneity and spec validation.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <tuple>
#include <vector>

#include "methods/common/input_error.hpp"
#include "methods/data/synthetic.hpp"

namespace marina {
namespace {

// Bit-for-bit equality of two compressed matrices, not an approximate comparison.
bool identical(const SparseRows& a, const SparseRows& b) {
  if (a.rows() != b.rows() || a.cols() != b.cols() || a.nonZeros() != b.nonZeros()) return false;
  const Index nnz = a.nonZeros();
  return std::equal(a.outerIndexPtr(), a.outerIndexPtr() + a.rows() + 1, b.outerIndexPtr()) &&
         std::equal(a.innerIndexPtr(), a.innerIndexPtr() + nnz, b.innerIndexPtr()) &&
         std::equal(a.valuePtr(), a.valuePtr() + nnz, b.valuePtr());
}

// Mean feature vector of rows [first, first + count).
Vec block_mean(const Dataset& d, Index first, Index count) {
  Vec sum = Vec::Zero(d.dim());
  for (Index r = first; r < first + count; ++r)
    for (SparseRows::InnerIterator it(d.features, r); it; ++it) sum[it.col()] += it.value();
  return sum / static_cast<double>(count);
}

TEST(MakeSynthetic, HasTheRequestedShapeAndPlusMinusOneLabels) {
  SyntheticSpec spec;
  spec.samples = 503;
  spec.features = 17;
  const Dataset d = make_synthetic(spec);
  EXPECT_EQ(d.samples(), 503);
  EXPECT_EQ(d.dim(), 17);
  ASSERT_EQ(d.labels.size(), 503);
  EXPECT_TRUE((d.labels.array().abs() == 1.0).all());
  EXPECT_GT((d.labels.array() == 1.0).count(), 0);
  EXPECT_GT((d.labels.array() == -1.0).count(), 0);
  EXPECT_EQ(d.origin,
            "synthetic(samples=503,features=17,groups=5,density=0.3,heterogeneity=0.8,label_noise=0.05,seed=1)");
}

TEST(MakeSynthetic, SameSpecGivesIdenticalData) {
  const SyntheticSpec spec;
  const Dataset a = make_synthetic(spec);
  const Dataset b = make_synthetic(spec);
  EXPECT_TRUE(identical(a.features, b.features));
  EXPECT_TRUE(std::equal(a.labels.begin(), a.labels.end(), b.labels.begin()));
}

TEST(MakeSynthetic, DifferentSeedGivesDifferentData) {
  SyntheticSpec spec;
  const Dataset a = make_synthetic(spec);
  spec.seed = 2;
  const Dataset b = make_synthetic(spec);
  EXPECT_FALSE(identical(a.features, b.features));
  EXPECT_NE((a.labels - b.labels).squaredNorm(), 0.0);
}

TEST(MakeSynthetic, DensityIsRespectedAndNoRowIsEmpty) {
  SyntheticSpec spec;
  spec.samples = 4000;
  spec.density = 0.25;
  const Dataset d = make_synthetic(spec);
  const double fill = static_cast<double>(d.features.nonZeros()) / static_cast<double>(spec.samples * spec.features);
  EXPECT_NEAR(fill, 0.25, 0.01);
  for (Index r = 0; r < d.samples(); ++r) ASSERT_GE(d.features.row(r).nonZeros(), 1) << "row " << r;

  spec.density = 1e-9;  // nearly every row falls back to its one forced nonzero
  const Dataset sparse = make_synthetic(spec);
  for (Index r = 0; r < sparse.samples(); ++r) ASSERT_EQ(sparse.features.row(r).nonZeros(), 1) << "row " << r;

  spec.density = 1.0;
  EXPECT_EQ(make_synthetic(spec).features.nonZeros(), spec.samples * spec.features);
}

// Below a density of 0.1 the nonzeros of a row are drawn as gaps between them (one draw per
// nonzero). The rows must still be Bernoulli(p) per feature: the right fill, every column
// reachable (the first and the last included) and equally likely, row sizes Binomial(d, p).
TEST(MakeSynthetic, SparseRowsDrawnByGapsAreBernoulliPerFeature) {
  SyntheticSpec spec;
  spec.samples = 4000;
  spec.features = 2000;
  spec.density = 0.01;
  const Dataset d = make_synthetic(spec);
  const double entries = static_cast<double>(spec.samples * spec.features);
  const auto nnz = static_cast<double>(d.features.nonZeros());
  EXPECT_NEAR(nnz / entries, 0.01, 0.0003);  // 80,000 expected, sd 281: 0.0003 is 8.5 sd

  std::vector<double> per_column(static_cast<std::size_t>(spec.features), 0.0);
  double sum = 0, sum_sq = 0;
  for (Index r = 0; r < d.samples(); ++r) {
    Index previous = -1, size = 0;
    for (SparseRows::InnerIterator it(d.features, r); it; ++it) {
      ASSERT_GT(it.col(), previous) << "row " << r;  // increasing, so no column twice
      previous = it.col();
      per_column[static_cast<std::size_t>(it.col())] += 1;
      ++size;
    }
    sum += static_cast<double>(size);
    sum_sq += static_cast<double>(size * size);
  }
  // 40 per column expected: P(a given column empty) = e^-40.
  EXPECT_GT(per_column.front(), 0);
  EXPECT_GT(per_column.back(), 0);
  // Pearson's chi-square over 2000 columns: mean 1999, sd 63; 2300 is 4.8 sd.
  double chi_square = 0;
  const double expected = nnz / static_cast<double>(spec.features);
  for (double c : per_column) chi_square += (c - expected) * (c - expected) / expected;
  EXPECT_LT(chi_square, 2300.0);
  EXPECT_GT(chi_square, 1700.0);
  // Row sizes: Binomial(2000, 0.01) has mean 20 and variance 19.8; over 4000 rows the sample
  // mean has sd 0.07 and the sample variance sd 0.44, so both bounds are over 4 sd.
  const double mean = sum / static_cast<double>(spec.samples);
  EXPECT_NEAR(mean, 20.0, 0.3);
  EXPECT_NEAR(sum_sq / static_cast<double>(spec.samples) - mean * mean, 19.8, 2.0);
}

// From density 0.1 up the data are those of the per-feature Bernoulli stream, bit for bit as
// before the gap sampler existed: the numbers below were printed by the generator of commit
// 99c59eb (every committed scenario, reproduction and golden file uses density 0.2 or more).
TEST(MakeSynthetic, DataFromDensityPointOneUpAreUnchanged) {
  SyntheticSpec spec;
  spec.samples = 300;
  spec.features = 60;
  const auto fingerprint = [&](double density) {
    spec.density = density;
    const Dataset d = make_synthetic(spec);
    double sum = 0, weighted = 0;
    long k = 0;
    for (Index r = 0; r < d.samples(); ++r)
      for (SparseRows::InnerIterator it(d.features, r); it; ++it) {
        sum += it.value();
        weighted += it.value() * static_cast<double>(it.col() + 1) * static_cast<double>(++k % 7);
      }
    return std::tuple{d.features.nonZeros(), sum, weighted, d.labels.sum()};
  };
  EXPECT_EQ(fingerprint(0.1), std::tuple(Index{1742}, -55.412567116301069, -5147.2291881184083, -20.0));
  EXPECT_EQ(fingerprint(0.3), std::tuple(Index{5348}, -198.90861413092838, -17017.496564798941, -58.0));
}

// The groups are the contiguous blocks of floor(N/G) rows that contiguous sharding produces.
TEST(MakeSynthetic, GroupsDifferInFeatureMeansOnlyWhenHeterogeneous) {
  SyntheticSpec spec;
  spec.samples = 2003;  // a remainder, which the last group absorbs
  spec.groups = 5;
  const Index block = spec.samples / spec.groups;
  auto spread = [&](double h) {
    spec.heterogeneity = h;
    const Dataset d = make_synthetic(spec);
    double smallest = std::numeric_limits<double>::infinity();
    for (int g = 0; g + 1 < spec.groups; ++g)
      smallest = std::min(smallest, (block_mean(d, g * block, block) - block_mean(d, (g + 1) * block, block)).norm());
    return smallest;
  };
  // With h = 0.8 each feature mean moves by N(0, 0.64) per group, the sampling error of a
  // block mean is about 0.1 per feature: neighbouring groups sit far apart.
  EXPECT_GT(spread(0.8), 2.0);
  EXPECT_LT(spread(0.0), 1.0);
}

TEST(MakeSynthetic, GroupsDifferInLabelBalance) {
  SyntheticSpec spec;
  spec.samples = 5000;
  spec.heterogeneity = 1.0;
  spec.label_noise = 0.0;
  const Dataset d = make_synthetic(spec);
  const Index block = spec.samples / spec.groups;
  double lowest = 1.0, highest = -1.0;
  for (int g = 0; g < spec.groups; ++g) {
    const double mean = d.labels.segment(g * block, block).mean();
    lowest = std::min(lowest, mean);
    highest = std::max(highest, mean);
  }
  EXPECT_GT(highest - lowest, 0.1);
}

TEST(MakeSynthetic, LabelNoiseChangesOnlyLabelsAndFlipsThatFraction) {
  SyntheticSpec spec;
  spec.samples = 20000;
  spec.label_noise = 0.0;
  const Dataset clean = make_synthetic(spec);
  spec.label_noise = 0.2;
  const Dataset noisy = make_synthetic(spec);
  EXPECT_TRUE(identical(clean.features, noisy.features));
  const double flipped = static_cast<double>((clean.labels.array() != noisy.labels.array()).count()) / 20000.0;
  EXPECT_NEAR(flipped, 0.2, 0.015);  // about 5 standard deviations
}

void expect_rejected(const SyntheticSpec& spec, const std::string& message) {
  try {
    make_synthetic(spec);
    FAIL() << "accepted, expected: " << message;
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), "");
    EXPECT_EQ(e.line(), 0);
    EXPECT_EQ(e.message(), message);
  }
}

TEST(MakeSynthetic, RejectsInvalidSpecsNamingTheScenarioKey) {
  auto with = [](auto change) {
    SyntheticSpec s;
    change(s);
    return s;
  };
  expect_rejected(with([](SyntheticSpec& s) { s.density = 1.5; }), "data.density must be in (0, 1], got 1.5");
  expect_rejected(with([](SyntheticSpec& s) { s.density = 0.0; }), "data.density must be in (0, 1], got 0");
  expect_rejected(with([](SyntheticSpec& s) { s.density = std::nan(""); }), "data.density must be in (0, 1], got nan");
  expect_rejected(with([](SyntheticSpec& s) { s.groups = 0; }), "data.groups must be at least 1, got 0");
  expect_rejected(with([](SyntheticSpec& s) { s.samples = 3; }),
                  "data.samples must be at least data.groups (5), got 3");
  expect_rejected(with([](SyntheticSpec& s) { s.features = 0; }),
                  "data.features must be between 1 and 2147483647, got 0");
  expect_rejected(with([](SyntheticSpec& s) { s.heterogeneity = -0.1; }),
                  "data.heterogeneity must be in [0, 1], got -0.1");
  expect_rejected(with([](SyntheticSpec& s) { s.label_noise = 0.6; }), "data.label_noise must be in [0, 0.5], got 0.6");
}

TEST(MakeSynthetic, AcceptsBoundaryValues) {
  SyntheticSpec spec;
  spec.samples = 5;
  spec.groups = 5;  // one row per group
  spec.features = 1;
  spec.density = 1.0;
  spec.heterogeneity = 1.0;
  spec.label_noise = 0.5;
  const Dataset d = make_synthetic(spec);
  EXPECT_EQ(d.samples(), 5);
  EXPECT_EQ(d.features.nonZeros(), 5);
}

}  // namespace
}  // namespace marina

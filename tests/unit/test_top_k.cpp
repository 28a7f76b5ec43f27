// TopK (paper-notes §4.5): the K largest magnitudes, unscaled, ties to the lower index;
// contractive with ||C(x) - x||^2 <= (1 - K/d)||x||^2, not unbiased.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>
#include <vector>

#include "methods/common/input_error.hpp"
#include "methods/compressors/top_k.hpp"
#include "tests/unit/compressor_statistics.hpp"

namespace marina {
namespace {

using testing::exact_wire;

Message top_k(const Vec& x, Index k, WireFormat wire = exact_wire()) {
  Rng rng(1);
  return TopKCompressor(x.size(), k, wire).compress(x, rng);
}

TEST(TopK, IsContractiveNotUnbiased) {
  const TopKCompressor q(40, 10, exact_wire());
  EXPECT_FALSE(q.unbiased());
  EXPECT_FALSE(q.correlated());
  EXPECT_TRUE(std::isnan(q.omega(40)));
  EXPECT_DOUBLE_EQ(q.alpha(40), 0.25);
  EXPECT_DOUBLE_EQ(q.expected_density(40), 10.0);
}

// The bound holds deterministically: the kept squares are the K largest, so the dropped
// ones average at most ||x||^2/d. The 1e-12 relative slack covers rounding of the sums.
TEST(TopK, ContractionBoundAndSelectionOnRandomVectors) {
  Rng pick(5);
  for (int trial = 0; trial < 2000; ++trial) {
    const Index d = boost::random::uniform_int_distribution<Index>(1, 60)(pick);
    const Index k = boost::random::uniform_int_distribution<Index>(1, d)(pick);
    Vec x = testing::normal_vector(d, 1000 + static_cast<std::uint64_t>(trial));
    if (trial % 3 == 0) x = x.array().round();  // many ties, zeros
    const Message m = top_k(x, k);
    ASSERT_EQ(static_cast<Index>(m.indices.size()), k);
    ASSERT_TRUE(std::is_sorted(m.indices.begin(), m.indices.end()));
    ASSERT_TRUE(std::adjacent_find(m.indices.begin(), m.indices.end()) == m.indices.end());
    const Vec c = m.to_dense();
    EXPECT_LE((c - x).squaredNorm(), (1.0 - static_cast<double>(k) / d) * x.squaredNorm() * (1 + 1e-12));
    // Every kept magnitude is >= every dropped one; among equal magnitudes the kept indices
    // come first.
    std::vector<char> kept(static_cast<std::size_t>(d), 0);
    for (Index j : m.indices) kept[static_cast<std::size_t>(j)] = 1;
    for (Index a = 0; a < d; ++a)
      for (Index b = 0; b < d; ++b)
        if (kept[static_cast<std::size_t>(a)] && !kept[static_cast<std::size_t>(b)]) {
          ASSERT_GE(std::abs(x[a]), std::abs(x[b]));
          if (std::abs(x[a]) == std::abs(x[b])) {
            ASSERT_LT(a, b);
          }
        }
    for (std::size_t j = 0; j < m.indices.size(); ++j) ASSERT_EQ(m.values[j], x[m.indices[j]]);
  }
}

TEST(TopK, TiesGoToTheLowerIndex) {
  Vec x(6);
  x << 1.0, -1.0, 1.0, 1.0, 0.5, -1.0;
  EXPECT_EQ(top_k(x, 2).indices, (std::vector<Index>{0, 1}));
  EXPECT_EQ(top_k(x, 4).indices, (std::vector<Index>{0, 1, 2, 3}));
  Vec y(5);
  y << 0.5, 2.0, -1.0, 1.0, 1.0;
  EXPECT_EQ(top_k(y, 2).indices, (std::vector<Index>{1, 2}));
  EXPECT_EQ(top_k(y, 3).indices, (std::vector<Index>{1, 2, 3}));
  // A zero vector still sends exactly K (zero) values.
  const Message z = top_k(Vec::Zero(7), 3);
  EXPECT_EQ(z.indices, (std::vector<Index>{0, 1, 2}));
  EXPECT_EQ(z.values, (std::vector<double>{0.0, 0.0, 0.0}));
}

TEST(TopK, IgnoresTheRandomStream) {
  const Vec x = testing::normal_vector(30, 2);
  const TopKCompressor q(30, 7, exact_wire());
  Rng a(1), b(99);
  const Message ma = q.compress(x, a), mb = q.compress(x, b);
  EXPECT_EQ(ma.indices, mb.indices);
  EXPECT_EQ(ma.values, mb.values);
}

TEST(TopK, BitsAreValuesPlusDataDependentIndices) {
  const Vec x = testing::normal_vector(113, 1);  // ceil(log2 113) = 7
  EXPECT_EQ(top_k(x, 5, {Precision::f32, IndexEncoding::log2}).bits, 5u * (32 + 7));
  EXPECT_EQ(top_k(x, 5, {Precision::f32, IndexEncoding::int32}).bits, 5u * (32 + 32));
  EXPECT_EQ(top_k(x, 5, {Precision::f32, IndexEncoding::mask}).bits, 5u * 32 + 113);
  EXPECT_EQ(top_k(x, 5, {Precision::f32, IndexEncoding::automatic}).bits, 5u * (32 + 7));
  EXPECT_EQ(top_k(x, 100, {Precision::f32, IndexEncoding::automatic}).bits, 100u * 32 + 113);  // mask wins
  EXPECT_EQ(top_k(x, 5, {Precision::f16, IndexEncoding::log2}).bits, 5u * (16 + 7));
  EXPECT_EQ(top_k(x, 5, {Precision::f64, IndexEncoding::log2}).bits, 5u * (64 + 7));
  EXPECT_EQ(top_k(x, 5, {Precision::f64, IndexEncoding::log2, true}).bits, 5u * 32);  // paper
  EXPECT_EQ(top_k(x, 5, {Precision::f32, IndexEncoding::none, true}).bits, 5u * 32);  // paper, none
}

TEST(TopK, ValuesAreRoundedToTheWirePrecision) {
  const Vec x = testing::normal_vector(30, 3);
  for (Precision p : {Precision::f16, Precision::f32}) {
    const WireFormat wire{p, IndexEncoding::log2};
    const Message m = top_k(x, 9, wire);
    const Message exact = top_k(x, 9);
    EXPECT_EQ(m.indices, exact.indices);  // selected on the exact values
    for (std::size_t j = 0; j < m.indices.size(); ++j) EXPECT_EQ(m.values[j], wire.round(x[m.indices[j]]));
  }
}

TEST(TopK, FactoryChecksKAndTheIndexEncoding) {
  EXPECT_EQ(make_compressor({"top_k", 3, 1, 1}, 10, exact_wire())->name(), "top_k");
  EXPECT_THROW(make_compressor({"top_k", 0, 1, 1}, 10, exact_wire()), InputError);
  try {
    make_compressor({"top_k", 11, 1, 1}, 10, exact_wire());
    FAIL() << "k > d accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("compressor.k = 11"), std::string::npos) << e.what();
  }
  try {
    make_compressor({"top_k", 3, 1, 1}, 10, {Precision::f32, IndexEncoding::none});
    FAIL() << "wire.indices = none accepted for top_k";
  } catch (const InputError& e) {
    EXPECT_EQ(e.message(),
              "wire.indices = none needs indices regenerated from a shared seed (rand_k, perm_k); "
              "top_k sends data-dependent indices");
  }
  // Under the paper's accounting indices are free anyway.
  EXPECT_NO_THROW(make_compressor({"top_k", 3, 1, 1}, 10, {Precision::f32, IndexEncoding::none, true}));
}

}  // namespace
}  // namespace marina

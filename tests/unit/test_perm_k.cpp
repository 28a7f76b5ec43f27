// PermK (paper-notes §4.5): each C_i is unbiased with E||C_i(x) - x||^2 = (d/q_i - 1)||x||^2
// exactly (coordinate j lands in block i with probability q_i/d), the blocks of one shared
// seed partition [d], and for n | d the average (1/n) sum_i C_i(x) is x itself.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <vector>

#include "methods/common/input_error.hpp"
#include "methods/compressors/perm_k.hpp"
#include "tests/unit/compressor_statistics.hpp"
#include "tests/unit/method_fixture.hpp"

namespace marina {
namespace {

using testing::exact_wire;

Message compress_as(const PermKCompressor& q, const Vec& x, int worker, std::uint64_t seed) {
  Rng unused(12345);  // PermK draws only from the shared seed
  return q.compress(x, unused, CompressionContext{worker, q.workers(), seed});
}

TEST(PermK, ParametersFollowTheSmallestAndLargestBlocks) {
  const PermKCompressor even(12, 4, exact_wire());
  EXPECT_TRUE(even.unbiased());
  EXPECT_TRUE(even.correlated());
  EXPECT_DOUBLE_EQ(even.omega(12), 3.0);  // n - 1
  EXPECT_DOUBLE_EQ(even.alpha(12), 0.25);
  EXPECT_DOUBLE_EQ(even.expected_density(12), 3.0);
  const PermKCompressor uneven(10, 4, exact_wire());  // blocks 3, 3, 2, 2
  EXPECT_DOUBLE_EQ(uneven.omega(10), 10.0 / 2.0 - 1.0);
  EXPECT_DOUBLE_EQ(uneven.expected_density(10), 3.0);
}

TEST(PermK, BlockSizesAreFloorOrCeilWithTheLargerFirst) {
  std::vector<Index> sizes;
  for (int i = 0; i < 4; ++i) sizes.push_back(perm_k_block(10, 4, i).size());
  EXPECT_EQ(sizes, (std::vector<Index>{3, 3, 2, 2}));
  EXPECT_EQ(perm_k_block(10, 4, 0).begin, 0);
  EXPECT_EQ(perm_k_block(10, 4, 3).end, 10);
  EXPECT_EQ(perm_k_block(7, 7, 6).size(), 1);
}

TEST(PermK, PermutationPrefixAgreesWithTheFullPermutation) {
  const std::vector<Index> full = shared_permutation_prefix(50, 50, 9);
  std::vector<Index> sorted = full;
  std::sort(sorted.begin(), sorted.end());
  std::vector<Index> iota(50);
  std::iota(iota.begin(), iota.end(), Index{0});
  EXPECT_EQ(sorted, iota);
  const std::vector<Index> prefix = shared_permutation_prefix(50, 17, 9);
  EXPECT_TRUE(std::equal(prefix.begin(), prefix.end(), full.begin()));
}

// All 6 permutations of [3] are equally likely. Each frequency is binomial(N, 1/6); 5
// standard errors as in compressor_statistics.hpp.
TEST(PermK, FisherYatesIsUniform) {
  const int draws = 120000;
  std::map<std::vector<Index>, int> counts;
  for (int s = 0; s < draws; ++s) ++counts[shared_permutation_prefix(3, 3, 1000 + s)];
  ASSERT_EQ(counts.size(), 6u);
  const double p = 1.0 / 6.0;
  for (const auto& [perm, count] : counts)
    EXPECT_NEAR(count / static_cast<double>(draws), p, 5 * std::sqrt(p * (1 - p) / draws));
}

TEST(PermK, BlocksOfOneSeedAreDisjointAndCoverAllCoordinates) {
  for (const auto& [d, n] : std::vector<std::pair<Index, int>>{{12, 4}, {10, 4}, {7, 7}, {113, 5}, {5, 1}}) {
    const PermKCompressor q(d, n, exact_wire());
    const Vec x = testing::normal_vector(d, 3);
    for (std::uint64_t seed : {1u, 2u, 77u}) {
      std::vector<int> hits(static_cast<std::size_t>(d), 0);
      for (int i = 0; i < n; ++i) {
        const Message m = compress_as(q, x, i, seed);
        ASSERT_EQ(m.kind, Message::Kind::sparse);
        ASSERT_EQ(static_cast<Index>(m.indices.size()), perm_k_block(d, n, i).size());
        ASSERT_TRUE(std::is_sorted(m.indices.begin(), m.indices.end()));
        for (Index j : m.indices) ++hits[static_cast<std::size_t>(j)];
      }
      EXPECT_TRUE(std::all_of(hits.begin(), hits.end(), [](int h) { return h == 1; }))
          << "d = " << d << ", n = " << n << ", seed = " << seed;
    }
  }
}

TEST(PermK, SameSeedSamePermutationDifferentSeedDifferentPermutation) {
  const PermKCompressor q(50, 5, exact_wire());
  const Vec x = testing::normal_vector(50, 4);
  Rng a(1), b(2);  // the worker streams must not matter
  const Message m1 = q.compress(x, a, {0, 5, 42});
  const Message m2 = q.compress(x, b, {0, 5, 42});
  EXPECT_EQ(m1.indices, m2.indices);
  EXPECT_EQ(m1.values, m2.values);
  EXPECT_NE(compress_as(q, x, 0, 42).indices, compress_as(q, x, 0, 43).indices);
}

// With n a power of two the scale n and the average's 1/n are exact in binary, so the
// reconstruction is bitwise x (the message values n x_j are exact in f64).
TEST(PermK, AverageOverWorkersIsExactlyXWhenNDividesD) {
  const Index d = 16;
  const int n = 4;
  const PermKCompressor q(d, n, exact_wire());
  for (const Vec& x : {testing::normal_vector(d, 8), Vec(Vec::LinSpaced(d, -3.75, 3.75))}) {
    for (std::uint64_t seed = 0; seed < 20; ++seed) {
      Vec average = Vec::Zero(d);
      for (int i = 0; i < n; ++i) compress_as(q, x, i, seed).add_to(average, 1.0 / n);
      for (Index j = 0; j < d; ++j) EXPECT_EQ(average[j], x[j]) << "seed " << seed << ", coordinate " << j;
    }
  }
}

// n = 3: 3 x_j and the factor 1/3 each round once, so the average is within 2 ulps of x_j:
// a relative 1e-15 (4.5 ulps) is a safe bound.
TEST(PermK, AverageOverWorkersIsXUpToRoundingForNonPowerOfTwoN) {
  const Index d = 30;
  const int n = 3;
  const PermKCompressor q(d, n, exact_wire());
  const Vec x = testing::normal_vector(d, 10);
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    Vec average = Vec::Zero(d);
    for (int i = 0; i < n; ++i) compress_as(q, x, i, seed).add_to(average, 1.0 / n);
    for (Index j = 0; j < d; ++j) EXPECT_NEAR(average[j], x[j], 1e-15 * std::abs(x[j]));
  }
}

// Monte-Carlo over shared seeds: each worker's C_i is unbiased and its error is exactly
// (d/q_i - 1)||x||^2 (= (n-1)||x||^2 when n | d), the sup of which is omega().
// Tolerances: 5 standard errors (compressor_statistics.hpp).
TEST(PermK, EachWorkerIsUnbiasedWithTightSecondMoment) {
  const int draws = 100000;
  struct Case {
    Index d;
    int n;
    Vec x;
  };
  const std::vector<Case> cases = {{12, 4, testing::unequal_vector()},
                                   {12, 3, testing::normal_vector(12, 21)},
                                   {10, 4, testing::normal_vector(10, 22)}};  // uneven blocks 3, 3, 2, 2
  for (const Case& c : cases) {
    const PermKCompressor q(c.d, c.n, exact_wire());
    double omega_sum = 0;
    for (int i = 0; i < c.n; ++i) {
      Rng seeds = make_rng(99, StreamRole::server, static_cast<std::uint64_t>(i));
      const testing::SampleStatistics st =
          testing::sample_statistics(c.x, draws, [&](int) { return compress_as(q, c.x, i, seeds()).to_dense(); });
      const std::string label =
          "d = " + std::to_string(c.d) + ", n = " + std::to_string(c.n) + ", worker " + std::to_string(i);
      testing::expect_unbiased(st, c.x, label);
      const double omega_i = static_cast<double>(c.d) / static_cast<double>(perm_k_block(c.d, c.n, i).size()) - 1.0;
      testing::expect_error_sq(st, omega_i * c.x.squaredNorm(), label);
      testing::expect_within_omega(st, q.omega(c.d), c.x, label);
      omega_sum += omega_i;
    }
    if (c.d % c.n == 0) {
      EXPECT_DOUBLE_EQ(omega_sum / c.n, c.n - 1.0);
    }
  }
}

TEST(PermK, BitsAreBlockValuesPlusIndices) {
  const Index d = 113;  // 5 workers: blocks 23, 23, 23, 22, 22; ceil(log2 113) = 7
  const Vec x = testing::normal_vector(d, 1);
  const auto bits = [&](WireFormat wire, int worker) {
    return compress_as(PermKCompressor(d, 5, wire), x, worker, 3).bits;
  };
  EXPECT_EQ(bits({Precision::f32, IndexEncoding::none}, 0), 23u * 32);
  EXPECT_EQ(bits({Precision::f32, IndexEncoding::none}, 4), 22u * 32);
  EXPECT_EQ(bits({Precision::f32, IndexEncoding::log2}, 0), 23u * (32 + 7));
  EXPECT_EQ(bits({Precision::f32, IndexEncoding::int32}, 0), 23u * (32 + 32));
  EXPECT_EQ(bits({Precision::f32, IndexEncoding::mask}, 0), 23u * 32 + 113);
  // auto: min(23 x 7 = 161 log2, 23 x 32 int32, 113 mask) is the mask.
  EXPECT_EQ(bits({Precision::f32, IndexEncoding::automatic}, 0), 23u * 32 + 113);
  // A block of 3 out of 113 (n = 40): 3 x 7 = 21 log2 bits beat the mask.
  EXPECT_EQ(compress_as(PermKCompressor(d, 40, {Precision::f32, IndexEncoding::automatic}), x, 0, 3).bits,
            3u * (32 + 7));
  EXPECT_EQ(bits({Precision::f16, IndexEncoding::log2}, 3), 22u * (16 + 7));
  EXPECT_EQ(bits({Precision::f64, IndexEncoding::int32}, 3), 22u * (64 + 32));
  EXPECT_EQ(bits({Precision::f64, IndexEncoding::log2, true}, 0), 23u * 32);  // paper: 32 per value, no indices
}

TEST(PermK, ValuesAreRoundedToTheWirePrecision) {
  const Vec x = testing::normal_vector(30, 2);
  for (Precision p : {Precision::f16, Precision::f32}) {
    const WireFormat wire{p, IndexEncoding::none};
    const Message m = compress_as(PermKCompressor(30, 4, wire), x, 1, 5);  // block of 8, scale 30/8
    ASSERT_EQ(m.indices.size(), 8u);
    for (std::size_t j = 0; j < m.indices.size(); ++j) EXPECT_EQ(m.values[j], wire.round(30.0 / 8.0 * x[m.indices[j]]));
  }
}

TEST(PermK, RejectsAContextForAnotherNumberOfWorkers) {
  const PermKCompressor q(12, 4, exact_wire());
  Rng rng(1);
  const Vec x = testing::normal_vector(12, 1);
  EXPECT_THROW(q.compress(x, rng), std::invalid_argument);  // default context: 1 worker
  EXPECT_THROW(q.compress(x, rng, {4, 4, 0}), std::invalid_argument);
}

TEST(PermK, FactoryChecksTheNumberOfWorkers) {
  CompressorSpec spec{"perm_k", 1, 1, 4};
  EXPECT_EQ(make_compressor(spec, 4, exact_wire())->name(), "perm_k");
  EXPECT_TRUE(make_compressor(spec, 4, exact_wire())->correlated());
  try {
    make_compressor(spec, 3, exact_wire());
    FAIL() << "d < n accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("compressor.name = perm_k"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("split.workers = 4"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("d = 3"), std::string::npos) << e.what();
  }
  spec.workers = 0;
  EXPECT_THROW(make_compressor(spec, 3, exact_wire()), InputError);
}

// Every method that takes an unbiased compressor takes PermK: the server hands the round's
// shared seed to the workers, so a round's compressed uplinks split [d] into disjoint blocks.
// (DIANA once compressed without the seed and stopped with an internal error.)
class SupportsOfRoundOne final : public RoundObserver {
 public:
  bool on_round(const RoundReport& report, const Vec& x) override {
    finite = finite && x.allFinite();
    if (report.round == 1)
      for (const Uplink& u : report.uplinks)
        if (!u.message.is_dense()) supports.push_back(u.message.indices);
    return true;
  }
  std::vector<std::vector<Index>> supports;
  bool finite = true;
};

TEST(PermK, EveryMethodForUnbiasedCompressorsSharesTheRoundSeed) {
  const auto obj = testing::small_problem(4, 15);
  const auto q = make_compressor({"perm_k", 1, 1, obj->workers()}, obj->dim(), exact_wire());
  for (const MethodDescription& m : registered_methods()) {
    if (m.compressor == CompressorNeed::none) continue;
    SCOPED_TRACE(m.name);
    MethodSpec spec = testing::named(m.name);
    if (method_reads(m, "method.p")) spec.p = TheoryValue::fixed(0.01);  // round 1 compressed (almost surely)
    MethodInstance built = make_method(spec, MethodContext{*obj, *q, exact_wire(), Vec::Zero(obj->dim())});
    SupportsOfRoundOne rounds;
    run_plain_loop(built, 20, 3, rounds);
    EXPECT_TRUE(rounds.finite);
    if (rounds.supports.empty()) continue;  // a method whose round 1 sent nothing compressed
    std::vector<Index> all;
    for (const auto& s : rounds.supports) all.insert(all.end(), s.begin(), s.end());
    std::sort(all.begin(), all.end());
    EXPECT_EQ(std::adjacent_find(all.begin(), all.end()), all.end()) << "blocks overlap: no shared seed";
  }
}

}  // namespace
}  // namespace marina

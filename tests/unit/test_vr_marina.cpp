// VR-MARINA, finite sum and online (paper-notes §2.2, §2.3, §3.2, §3.3): the estimator, its
// oracle accounting, the shared seed of correlated compressors, and the theory parameters
// against paper-notes §6.1.
#include <gtest/gtest.h>

#include <cmath>

#include "methods/algorithms/vr_marina.hpp"
#include "methods/theory/marina_variants.hpp"
#include "variant_fixture.hpp"

namespace marina::testing {
namespace {

const WireFormat kF64{Precision::f64, IndexEncoding::log2};
const WireFormat kF32{Precision::f32, IndexEncoding::log2};

std::int64_t total_samples(const DistributedObjective& obj) {
  std::int64_t m = 0;
  for (int i = 0; i < obj.workers(); ++i) m += obj.local(i).samples();
  return m;
}

ResolvedParameters resolve(const DistributedObjective& obj, const MethodSpec& spec, const Compressor& q) {
  MethodContext ctx{obj, q, kF32, Vec::Zero(obj.dim())};
  return make_method(spec, ctx).parameters;
}

// With b' = m drawn without replacement the minibatch is the whole shard, and no sample is
// drawn, so the workers' streams feed RandK exactly as in MARINA: Delta^_i is MARINA's
// grad f_i(x^{k+1}) - grad f_i(x^k). What remains is floating rounding: the full-shard
// minibatch gradient sums the same m terms in another order than the sparse product of
// gradient(), and VR-MARINA recomputes grad f_i(x^k) where MARINA reuses its cache. Each
// gradient then differs by a few ulps (at most about m * 1e-16 relative); observed
// deviations of x stay below 1e-15 over 300 rounds. 1e-12 keeps a wide margin while any
// real difference in the estimator moves x by orders of magnitude more (compare
// Equivalence.TheComparisonDetectsADifferentMethod: > 1e-6).
TEST(VrMarina, WholeShardBatchReplaysMarinaUpToRounding) {
  auto obj = small_problem();
  const RandKCompressor q(obj->dim(), 3, kF64);
  MethodSpec marina = named("marina");
  MethodSpec vr = named("vr_marina");
  marina.p = vr.p = TheoryValue::fixed(0.3);
  marina.step_size = vr.step_size = TheoryValue::fixed(0.1);
  vr.batch_size = obj->local(0).samples();  // small_problem's shards are equal
  const auto a = run_logged(*obj, marina, q, kF64, 300);
  const auto b = run_logged(*obj, vr, q, kF64, 300);
  ASSERT_EQ(a.iterates.size(), b.iterates.size());
  std::size_t compressed = 0;
  for (std::size_t k = 0; k < a.iterates.size(); ++k) {
    ASSERT_EQ(a.rounds[k].dense, b.rounds[k].dense) << "round " << k;
    compressed += a.rounds[k].dense ? 0 : 1;
    const double scale = std::max(1.0, a.iterates[k].norm());
    ASSERT_LE((a.iterates[k] - b.iterates[k]).norm(), 1e-12 * scale) << "round " << k;
  }
  EXPECT_GT(compressed, 150u);
  EXPECT_GT((a.iterates.back() - a.iterates.front()).norm(), 0.1);  // x moved
}

TEST(VrMarina, OracleCallsAreMOnDenseRoundsAndTwoBPrimeOnCompressedRounds) {
  auto obj = small_problem();
  const RandKCompressor q(obj->dim(), 2, kF32);
  MethodSpec vr = named("vr_marina");
  vr.p = TheoryValue::fixed(0.3);
  vr.batch_size = 7;
  const auto run = run_logged(*obj, vr, q, kF32, 200);
  const std::int64_t n = obj->workers();
  std::size_t dense = 0;
  for (std::size_t k = 0; k < run.rounds.size(); ++k) {
    const auto& r = run.rounds[k];
    ASSERT_EQ(r.participants.size(), static_cast<std::size_t>(n));
    dense += r.dense ? 1 : 0;
    ASSERT_EQ(r.oracle_calls, r.dense ? total_samples(*obj) : 2 * 7 * n) << "round " << k;
  }
  EXPECT_TRUE(run.rounds[0].dense);  // g^0 = grad f(x^0) from full local passes
  EXPECT_GT(dense, 30u);
  EXPECT_LT(dense, run.rounds.size() - 100);
}

TEST(VrMarina, ConvergesWithTheoryParameters) {
  auto obj = small_problem();
  const RandKCompressor q(obj->dim(), 2, kF32);
  const auto run = run_logged(*obj, named("vr_marina"), q, kF32, 3000);
  const double start = obj->evaluate(run.iterates.front()).grad_norm_sq;
  const double end = obj->evaluate(run.iterates.back()).grad_norm_sq;
  EXPECT_LT(end, 0.05 * start);  // observed: 0.015 after 3000 rounds with b' = 1
}

TEST(VrMarina, TheoryParametersUseTheSmallestShardAndDefaultBatch) {
  auto obj = small_problem();  // m = 100 on every worker, so b' = ceil(0.01 * 100) = 1
  const RandKCompressor q(obj->dim(), 2, kF32);
  const ResolvedParameters prm = resolve(*obj, named("vr_marina"), q);
  const double omega = 13.0 / 2 - 1;
  ASSERT_TRUE(prm.p && prm.batch_size);
  EXPECT_EQ(*prm.batch_size, 1.0);
  EXPECT_FALSE(prm.large_batch);
  EXPECT_DOUBLE_EQ(*prm.p, std::min(1.0 / (1 + omega), 1.0 / 101));
  const double L = obj->smoothness();
  EXPECT_DOUBLE_EQ(prm.step_size,
                   1.0 / (L + std::sqrt((1 - *prm.p) / (*prm.p * 4) * (omega * L * L + (1 + omega) * L * L))));
  EXPECT_DOUBLE_EQ(prm.omega, omega);
}

TEST(VrMarina, DefaultBatchIsTheCeilingOfOnePercent) {
  MethodSpec s;
  EXPECT_EQ(resolve_small_batch(s, 1624), 17);  // mushrooms, paper-notes §6.1
  EXPECT_EQ(resolve_small_batch(s, 6512), 66);  // a9a
  EXPECT_EQ(resolve_small_batch(s, 2211), 23);  // phishing
  EXPECT_EQ(resolve_small_batch(s, 1700), 17);  // an exact multiple stays exact
  EXPECT_EQ(resolve_small_batch(s, 50), 1);
  EXPECT_EQ(resolve_large_batch(s, 1624), 163);
  s.batch_size = 5;
  s.large_batch = 40;
  EXPECT_EQ(resolve_small_batch(s, 1624), 5);
  EXPECT_EQ(resolve_large_batch(s, 1624), 40);
}

TEST(VrMarina, BatchLargerThanTheSmallestShardIsAnInputError) {
  auto obj = small_problem();
  const RandKCompressor q(obj->dim(), 2, kF32);
  MethodSpec vr = named("vr_marina");
  vr.batch_size = 101;
  EXPECT_THROW(resolve(*obj, vr, q), InputError);
}

// |actual - expected| within half a unit of the third significant digit of expected.
void expect_three_digits(double actual, double expected) {
  const double unit = std::pow(10.0, std::floor(std::log10(std::abs(expected))) - 2);
  EXPECT_LE(std::abs(actual - expected), 0.5 * unit) << actual << " vs " << expected;
}

struct TableRow {
  double d, m, small_batch, k, p, gamma_L;
};

// paper-notes §6.1, VR-MARINA columns: n = 5, RandK, gamma with L = 𝓛 = 1.
TEST(VrMarinaTheory, MatchesPaperNotesTable) {
  const TableRow rows[] = {
      {113, 1624, 17, 1, 0.00885, 0.01903},  {113, 1624, 17, 5, 0.01036, 0.0456},  // mushrooms
      {113, 1624, 17, 10, 0.01036, 0.06463}, {124, 6512, 66, 1, 0.00806, 0.01772},
      {124, 6512, 66, 5, 0.01003, 0.04378},  // a9a
      {124, 6512, 66, 10, 0.01003, 0.06203}, {69, 2211, 23, 1, 0.01030, 0.02635},
      {69, 2211, 23, 5, 0.01030, 0.05865},  // phishing
      {69, 2211, 23, 10, 0.01030, 0.08391},
  };
  for (const TableRow& r : rows) {
    SCOPED_TRACE(::testing::Message() << "d = " << r.d << ", K = " << r.k);
    const double omega = r.d / r.k - 1;
    const double p = theory::vr_marina_p(omega, r.small_batch, r.m);
    expect_three_digits(p, r.p);
    expect_three_digits(theory::vr_marina_step(1.0, 1.0, p, omega, 5, r.small_batch), r.gamma_L);
  }
}

TEST(VrMarinaTheory, PlStepDoublesTheVarianceTermAndCapsAtPOverTwoMu) {
  const double L = 2.0, p = 0.05, omega = 10, b = 4;
  const int n = 5;
  const double root = std::sqrt(2 * (1 - p) / (p * n) * (omega * L * L + (1 + omega) * L * L / b));
  EXPECT_DOUBLE_EQ(theory::vr_marina_pl_step(L, L, p, omega, n, b, 1e-6), 1.0 / (L + root));
  EXPECT_DOUBLE_EQ(theory::vr_marina_pl_step(L, L, p, omega, n, b, 10.0), p / 20.0);
  EXPECT_LT(theory::vr_marina_pl_step(L, L, p, omega, n, b, 1e-6), theory::vr_marina_step(L, L, p, omega, n, b));
}

TEST(VrMarina, PositiveMuSelectsThePlStep) {
  auto obj = small_problem();
  const RandKCompressor q(obj->dim(), 2, kF32);
  for (const char* name : {"vr_marina", "vr_marina_online"}) {
    MethodSpec s = named(name);
    s.mu = 0.5;
    const ResolvedParameters prm = resolve(*obj, s, q);
    const double L = prm.smoothness;
    EXPECT_DOUBLE_EQ(prm.step_size, theory::vr_marina_pl_step(L, L, *prm.p, prm.omega, 4, *prm.batch_size, 0.5))
        << name;
  }
}

TEST(VrMarina, CorrelatedCompressorsGetOneSeedPerCompressedRound) {
  auto obj = small_problem();
  for (const char* name : {"vr_marina", "vr_marina_online"}) {
    SCOPED_TRACE(name);
    const SeedProbeCompressor probe(kF32);
    MethodSpec s = named(name);
    s.p = TheoryValue::fixed(0.5);
    s.step_size = TheoryValue::fixed(0.05);
    const auto run = run_logged(*obj, s, probe, kF32, 40);
    std::size_t call = 0;
    std::uint64_t last_seed = 0;
    for (std::size_t k = 1; k < run.rounds.size(); ++k) {
      const auto& r = run.rounds[k];
      if (r.dense) {
        EXPECT_EQ(r.control_bits, 1u);  // the coin; no compressor, no seed
        continue;
      }
      EXPECT_EQ(r.control_bits, 1u + 64u);
      EXPECT_NE(r.shared_seed, last_seed);
      last_seed = r.shared_seed;
      for (int w = 0; w < obj->workers(); ++w, ++call) {
        ASSERT_LT(call, probe.record().size());
        EXPECT_EQ(probe.record()[call], std::make_pair(w, r.shared_seed));
      }
    }
    EXPECT_EQ(call, probe.record().size());
    EXPECT_GT(call, 0u);
  }
}

// ---- online form -------------------------------------------------------------------------

TEST(VrMarinaOnline, OracleCallsAreBOnDenseRoundsAndTwoBPrimeOnCompressedRounds) {
  auto obj = small_problem();
  const RandKCompressor q(obj->dim(), 2, kF32);
  MethodSpec s = named("vr_marina_online");
  s.p = TheoryValue::fixed(0.3);
  s.batch_size = 3;
  s.large_batch = 20;
  const auto run = run_logged(*obj, s, q, kF32, 200);
  const std::int64_t n = obj->workers();
  for (std::size_t k = 0; k < run.rounds.size(); ++k)
    ASSERT_EQ(run.rounds[k].oracle_calls, run.rounds[k].dense ? 20 * n : 2 * 3 * n) << "round " << k;
  EXPECT_TRUE(run.rounds[0].dense);  // g^0 from a large batch of b samples
}

TEST(VrMarinaOnline, TheoryParametersUseBothBatches) {
  auto obj = small_problem();
  const RandKCompressor q(obj->dim(), 2, kF32);
  const ResolvedParameters prm = resolve(*obj, named("vr_marina_online"), q);
  ASSERT_TRUE(prm.p && prm.batch_size && prm.large_batch);
  EXPECT_EQ(*prm.batch_size, 1.0);    // ceil(0.01 * 100)
  EXPECT_EQ(*prm.large_batch, 10.0);  // ceil(0.1 * 100)
  const double omega = 5.5;
  EXPECT_DOUBLE_EQ(*prm.p, theory::vr_marina_online_p(omega, 1, 10));
  EXPECT_DOUBLE_EQ(*prm.p, 1.0 / 11);  // b'/(b + b') < 1/(1 + omega)
  const double L = prm.smoothness;
  EXPECT_DOUBLE_EQ(prm.step_size, theory::vr_marina_step(L, L, *prm.p, omega, 4, 1));
}

// The online method only sees b samples per dense round, so it reaches a neighbourhood of
// size about sigma^2/(n b) (paper-notes §3.3), not exact stationarity.
TEST(VrMarinaOnline, ConvergesToANeighbourhood) {
  auto obj = small_problem();
  const RandKCompressor q(obj->dim(), 2, kF32);
  const auto run = run_logged(*obj, named("vr_marina_online"), q, kF32, 3000);
  const double start = obj->evaluate(run.iterates.front()).grad_norm_sq;
  double tail = 0.0;
  const std::size_t from = 2500;
  for (std::size_t k = from; k < run.iterates.size(); k += 10) tail += obj->evaluate(run.iterates[k]).grad_norm_sq;
  tail /= static_cast<double>((run.iterates.size() - from + 9) / 10);
  EXPECT_LT(tail, 0.1 * start);  // observed: 0.03 here, 0.02 after 20000 rounds (finite sum: 6e-6)
}

}  // namespace
}  // namespace marina::testing

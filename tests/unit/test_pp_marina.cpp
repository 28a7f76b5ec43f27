// PP-MARINA (paper-notes §2.4, §3.4): who takes part in a round, what the downlink carries,
// honest oracle accounting with the gradient cache, the GD limit, and the theory formulas.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "methods/theory/marina_variants.hpp"
#include "variant_fixture.hpp"

namespace marina::testing {
namespace {

const WireFormat kF64{Precision::f64, IndexEncoding::log2};
const WireFormat kF32{Precision::f32, IndexEncoding::log2};

MethodSpec pp(int r, bool with_replacement, double p = 0.2) {
  MethodSpec s = named("pp_marina");
  s.clients = r;
  s.with_replacement = with_replacement;
  s.p = TheoryValue::fixed(p);
  return s;
}

// Round k's participants: all n on dense rounds; exactly r (ascending, distinct unless
// drawn with replacement) on compressed ones.
void check_participation(const RoundLog& run, int n, int r, bool with_replacement) {
  for (std::size_t k = 0; k < run.rounds.size(); ++k) {
    const auto& part = run.rounds[k].participants;
    ASSERT_TRUE(std::is_sorted(part.begin(), part.end())) << "round " << k;
    if (run.rounds[k].dense) {
      ASSERT_EQ(part.size(), static_cast<std::size_t>(n)) << "round " << k;
      continue;
    }
    ASSERT_EQ(part.size(), static_cast<std::size_t>(r)) << "round " << k;
    ASSERT_GE(part.front(), 0);
    ASSERT_LT(part.back(), n);
    if (!with_replacement) {
      ASSERT_EQ(std::set<int>(part.begin(), part.end()).size(), part.size()) << "round " << k;
    }
  }
}

TEST(PpMarina, CompressedRoundsCarryExactlyRUplinksWithoutReplacement) {
  auto obj = small_problem();
  const RandKCompressor q(obj->dim(), 2, kF32);
  const auto run = run_logged(*obj, pp(2, false), q, kF32, 500);
  check_participation(run, obj->workers(), 2, false);
  EXPECT_TRUE(run.rounds[0].dense);
  // Every client is drawn sometimes: the sampling is not stuck on a fixed subset.
  std::set<int> seen;
  for (const auto& r : run.rounds)
    if (!r.dense) seen.insert(r.participants.begin(), r.participants.end());
  EXPECT_EQ(seen.size(), 4u);
}

TEST(PpMarina, WithReplacementAClientMayBeDrawnTwice) {
  auto obj = small_problem();
  const RandKCompressor q(obj->dim(), 2, kF32);
  const auto run = run_logged(*obj, pp(3, true), q, kF32, 500);
  check_participation(run, obj->workers(), 3, true);
  std::size_t with_duplicates = 0;
  for (const auto& r : run.rounds) {
    const auto& part = r.participants;
    if (!r.dense && std::adjacent_find(part.begin(), part.end()) != part.end()) ++with_duplicates;
  }
  // P(3 draws from 4 clients repeat one) = 1 - 4*3*2/64 = 0.625; ~400 compressed rounds.
  EXPECT_GT(with_duplicates, 150u);
}

TEST(PpMarina, DownlinkCarriesTheModelAndOnCompressedRoundsThePreviousModel) {
  auto obj = small_problem();
  const RandKCompressor q(obj->dim(), 2, kF32);
  const auto run = run_logged(*obj, pp(2, false), q, kF32, 100);
  EXPECT_FALSE(run.rounds[0].has_model);  // round 0: everybody holds x^0 already
  for (std::size_t k = 1; k < run.rounds.size(); ++k) {
    EXPECT_TRUE(run.rounds[k].has_model);
    EXPECT_EQ(run.rounds[k].has_previous_model, !run.rounds[k].dense);
    EXPECT_EQ(run.rounds[k].control_bits, 1u);  // the coin; RandK is not correlated
  }
}

TEST(PpMarina, TheServerHoldsTheDecodedModel) {
  // With f32 on the wire the server continues from the rounded x^k, as the clients do.
  auto obj = small_problem();
  const RandKCompressor q(obj->dim(), 2, kF32);
  const auto run = run_logged(*obj, pp(2, false), q, kF32, 50);
  for (std::size_t k = 1; k < run.iterates.size(); ++k) {
    Vec rounded = run.iterates[k];
    kF32.round_in_place(rounded);
    ASSERT_EQ(rounded, run.iterates[k]) << "round " << k;
  }
}

// A client computes grad f_i(x^{k-1}) only if it did not take part in round k-1, and a
// second draw in the same round costs nothing: both gradients are cached.
TEST(PpMarina, OracleCallsCountOnlyGradientsActuallyComputed) {
  auto obj = small_problem();
  const RandKCompressor q(obj->dim(), 2, kF64);
  for (bool with_replacement : {false, true}) {
    SCOPED_TRACE(with_replacement ? "with replacement" : "without replacement");
    const auto run = run_logged(*obj, pp(2, with_replacement, 0.3), q, kF64, 400);
    std::set<int> previous;
    for (int i = 0; i < obj->workers(); ++i) previous.insert(i);  // round 0: everybody
    std::size_t reused = 0;
    for (std::size_t k = 1; k < run.rounds.size(); ++k) {
      const auto& part = run.rounds[k].participants;
      const std::set<int> distinct(part.begin(), part.end());
      std::int64_t expected = 0;
      for (int i : distinct) {
        const std::int64_t m = obj->local(i).samples();
        const bool cached = run.rounds[k].dense || previous.count(i) > 0;
        expected += cached ? m : 2 * m;
        reused += (!run.rounds[k].dense && previous.count(i) > 0) ? 1 : 0;
      }
      ASSERT_EQ(run.rounds[k].oracle_calls, expected) << "round " << k;
      previous = distinct;
    }
    EXPECT_GT(reused, 50u);  // the cache was exercised
  }
}

TEST(PpMarina, DenseRoundFrequencyMatchesP) {
  auto obj = small_problem();
  const RandKCompressor q(obj->dim(), 2, kF32);
  const auto run = run_logged(*obj, pp(2, false, 0.2), q, kF32, 5000);
  std::size_t dense = 0;
  for (std::size_t k = 1; k < run.rounds.size(); ++k) dense += run.rounds[k].dense ? 1 : 0;
  // Binomial(5000, 0.2): mean 1000, standard deviation 28.3; 5 sigma.
  EXPECT_NEAR(static_cast<double>(dense), 1000.0, 5 * 28.3);
}

// r = n without replacement and the identity: theory p = (n/n)/(1+0) = 1, so every round is
// dense and g^k = grad f(x^k). With f64 on the wire the model is sent exactly, and the server
// steps with the same expression as GD's, so the iterates agree bit for bit.
TEST(PpMarina, FullParticipationWithIdentityIsGdBitForBit) {
  auto obj = small_problem();
  const IdentityCompressor id(kF64);
  MethodSpec s = named("pp_marina");
  s.clients = obj->workers();
  s.step_size = TheoryValue::fixed(1.0 / obj->smoothness());
  const auto ppm = run_logged(*obj, s, id, kF64, 200);
  const auto gd = run_method(*obj, named("gd"), id, kF64, 200);
  ASSERT_EQ(gd.iterates.size(), ppm.iterates.size());
  for (std::size_t k = 0; k < gd.iterates.size(); ++k) {
    ASSERT_TRUE(ppm.rounds[k].dense) << "round " << k;
    ASSERT_EQ(ppm.rounds[k].participants.size(), 4u);
    ASSERT_EQ(gd.iterates[k], ppm.iterates[k]) << "round " << k;
  }
  EXPECT_GT((gd.iterates.back() - gd.iterates.front()).norm(), 1e-3);
}

TEST(PpMarina, TheoryPAndStep) {
  auto obj = small_problem();
  const Index d = obj->dim();  // 13
  const int n = obj->workers();
  for (int r = 1; r <= n; ++r) {
    SCOPED_TRACE(r);
    const RandKCompressor q(d, 3, kF32);
    MethodSpec s = named("pp_marina");
    s.clients = r;
    MethodContext ctx{*obj, q, kF32, Vec::Zero(d)};
    const ResolvedParameters prm = make_method(s, ctx).parameters;
    const double omega = 13.0 / 3 - 1;
    ASSERT_TRUE(prm.p && prm.clients);
    EXPECT_EQ(*prm.clients, r);
    EXPECT_DOUBLE_EQ(*prm.p, 3.0 * r / (13.0 * n));  // zeta r / (d n) for RandK
    const double L = obj->smoothness();
    const double p = *prm.p;
    EXPECT_DOUBLE_EQ(prm.step_size, 1.0 / (L * (1 + std::sqrt((1 - p) * (1 + omega) / (p * r)))));
    s.mu = 1e-3;
    const double pl = make_method(s, ctx).parameters.step_size;
    EXPECT_DOUBLE_EQ(pl, std::min(1.0 / (L * (1 + std::sqrt(2 * (1 - p) * (1 + omega) / (p * r)))), p / 2e-3));
  }
  EXPECT_DOUBLE_EQ(theory::pp_marina_pl_step(1.0, 0.1, 3.0, 2, 100.0), 0.1 / 200);  // the cap binds
}

TEST(PpMarina, ClientsOutOfRangeAreAnInputError) {
  auto obj = small_problem();
  const RandKCompressor q(obj->dim(), 2, kF32);
  MethodContext ctx{*obj, q, kF32, Vec::Zero(obj->dim())};
  MethodSpec s = named("pp_marina");
  s.clients = 5;
  EXPECT_THROW(make_method(s, ctx), InputError);
  s.clients = 0;
  EXPECT_THROW(make_method(s, ctx), InputError);
}

TEST(PpMarina, CorrelatedCompressorsGetOneSeedPerCompressedRound) {
  auto obj = small_problem();
  const SeedProbeCompressor probe(kF32);
  MethodSpec s = pp(3, true, 0.3);
  s.step_size = TheoryValue::fixed(0.05);
  const auto run = run_logged(*obj, s, probe, kF32, 60);
  std::size_t call = 0;
  for (std::size_t k = 1; k < run.rounds.size(); ++k) {
    const auto& r = run.rounds[k];
    EXPECT_EQ(r.control_bits, r.dense ? 1u : 65u);
    if (r.dense) continue;
    for (int w : r.participants) {  // only the chosen clients compress, all with one seed
      ASSERT_LT(call, probe.record().size());
      EXPECT_EQ(probe.record()[call++], std::make_pair(w, r.shared_seed));
    }
  }
  EXPECT_EQ(call, probe.record().size());
  EXPECT_GT(call, 0u);
}

}  // namespace
}  // namespace marina::testing

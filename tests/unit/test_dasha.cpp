// DASHA and DASHA-PAGE (paper-notes §2.10): convergence with the theory steps, the
// [dasha] initialisation (an empty round 0, then x^1 = x^0), the reduction to GD one round
// late when Q is the identity, the uplink shape (never dense), the PAGE oracle accounting,
// and the theory formulas with the limits of the [derived] DASHA-PAGE step.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "method_fixture.hpp"
#include "methods/common/input_error.hpp"
#include "methods/theory/baselines.hpp"

namespace marina::testing {
namespace {

const WireFormat kF64{Precision::f64, IndexEncoding::log2};

double mean_local_smoothness(const DistributedObjective& obj) {
  const auto l = obj.local_smoothness();
  return std::accumulate(l.begin(), l.end(), 0.0) / static_cast<double>(l.size());
}

// Per round: the coin, every uplink's kind and bits, and the oracle calls of all workers.
class UplinkRecorder final : public RoundObserver {
 public:
  bool on_round(const RoundReport& report, const Vec& x) override {
    coin.push_back(report.plan->downlink->coin);
    std::vector<Message::Kind> k;
    std::uint64_t b = 0;
    std::int64_t calls = 0;
    for (const auto& u : report.uplinks) {
      k.push_back(u.message.kind);
      b += u.message.bits;
      calls += u.work.oracle_calls;
    }
    kinds.push_back(std::move(k));
    bits.push_back(b);
    oracle_calls.push_back(calls);
    iterates.push_back(x);
    return true;
  }
  std::vector<bool> coin;
  std::vector<std::vector<Message::Kind>> kinds;
  std::vector<std::uint64_t> bits;
  std::vector<std::int64_t> oracle_calls;
  std::vector<Vec> iterates;
};

UplinkRecorder run_uplinks(const DistributedObjective& obj, const MethodSpec& s, const Compressor& q,
                           std::int64_t rounds) {
  MethodContext ctx{obj, q, kF64, Vec::Zero(obj.dim())};
  auto m = make_method(s, ctx);
  UplinkRecorder rec;
  run_plain_loop(m, rounds, 6, rec);
  return rec;
}

void expect_never_dense(const UplinkRecorder& rec) {
  for (std::size_t k = 0; k < rec.kinds.size(); ++k)
    for (Message::Kind kind : rec.kinds[k])
      ASSERT_EQ(kind, k == 0 ? Message::Kind::empty : Message::Kind::sparse) << "round " << k;
  EXPECT_EQ(rec.bits[0], 0u);  // round 0 only caches h_i^0 = grad f_i(x^0)
}

TEST(Dasha, TheoryStepConverges) {
  auto obj = small_problem();
  const RandKCompressor q(obj->dim(), 2, kF64);
  const auto run = run_method(*obj, named("dasha"), q, kF64, 3000);
  const double g0 = obj->evaluate(run.iterates.front()).grad_norm_sq;
  EXPECT_LT(obj->evaluate(run.iterates.back()).grad_norm_sq, 1e-2 * g0);
  EXPECT_EQ(run.iterates[0], run.iterates[1]);  // g^0 = 0, so x^1 = x^0
}

TEST(DashaPage, TheoryStepConverges) {
  auto obj = small_problem();
  const RandKCompressor q(obj->dim(), 2, kF64);
  const auto run = run_method(*obj, named("dasha_page"), q, kF64, 10000);
  const double g0 = obj->evaluate(run.iterates.front()).grad_norm_sq;
  EXPECT_LT(obj->evaluate(run.iterates.back()).grad_norm_sq, 1e-3 * g0);
}

TEST(Dasha, WithIdentityIsGdOneRoundLate) {
  // omega = 0 gives a = 1, so m_i = h_i^new - g_i and g_i becomes grad f_i(x^k): after
  // the empty round 0 (x^1 = x^0) every step is GD's, x^{k+1}_DASHA = x^k_GD up to rounding.
  auto obj = small_problem();
  const IdentityCompressor id(kF64);
  MethodSpec d = named("dasha");
  d.step_size = TheoryValue::fixed(1.0 / obj->smoothness());
  const auto gd = run_method(*obj, named("gd"), id, kF64, 300);
  const auto dasha = run_method(*obj, d, id, kF64, 301);
  for (std::size_t k = 0; k < gd.iterates.size(); ++k) {
    const double scale = std::max(1.0, gd.iterates[k].norm());
    ASSERT_LE((gd.iterates[k] - dasha.iterates[k + 1]).norm(), 1e-12 * scale) << "round " << k;
  }
  EXPECT_GT((gd.iterates.back() - gd.iterates.front()).norm(), 1e-3);
}

TEST(DashaPage, FullBatchIsDashaUpToRounding) {
  // b' = m: the PAGE increment h_i + grad f_i(x^k) - grad f_i(x^{k-1}) is grad f_i(x^k) up
  // to rounding, whatever the coin says; with the same step and the identity compressor
  // (which draws nothing from the workers' streams) DASHA-PAGE is DASHA.
  auto obj = small_problem();
  const IdentityCompressor id(kF64);
  MethodSpec page = named("dasha_page");
  page.batch_size = obj->local(0).samples();
  page.p = TheoryValue::fixed(0.3);
  page.step_size = TheoryValue::fixed(1.0 / obj->smoothness());
  MethodSpec plain = named("dasha");
  plain.step_size = page.step_size;
  const auto a = run_uplinks(*obj, page, id, 300);
  const auto b = run_uplinks(*obj, plain, id, 300);
  std::size_t page_rounds = 0;
  for (std::size_t k = 0; k < a.iterates.size(); ++k) {
    page_rounds += (k > 0 && !a.coin[k]) ? 1 : 0;
    const double scale = std::max(1.0, b.iterates[k].norm());
    ASSERT_LE((a.iterates[k] - b.iterates[k]).norm(), 1e-12 * scale) << "round " << k;
  }
  EXPECT_GT(page_rounds, 150u);  // the equivalence was exercised on minibatch rounds
}

TEST(Dasha, NeverSendsADenseVector) {
  auto obj = small_problem();
  const RandKCompressor q(obj->dim(), 2, kF64);
  expect_never_dense(run_uplinks(*obj, named("dasha"), q, 300));
  expect_never_dense(run_uplinks(*obj, named("dasha_page"), q, 300));
}

TEST(DashaPage, OracleCallsFollowTheCoin) {
  auto obj = small_problem();
  const RandKCompressor q(obj->dim(), 2, kF64);
  MethodSpec page = named("dasha_page");
  page.batch_size = 10;  // default p = b'/(m + b') = 10/110
  const auto rec = run_uplinks(*obj, page, q, 4000);
  const std::int64_t n = obj->workers(), m = obj->local(0).samples(), b = 10;
  EXPECT_EQ(rec.oracle_calls[0], n * m);
  std::int64_t full = 0;
  for (std::size_t k = 1; k < rec.coin.size(); ++k) {
    full += rec.coin[k] ? 1 : 0;
    ASSERT_EQ(rec.oracle_calls[k], n * (rec.coin[k] ? m : 2 * b)) << "round " << k;
  }
  // Binomial(4000, 1/11): mean 363.6, standard deviation 18.2; 5 sigma.
  EXPECT_NEAR(static_cast<double>(full), 4000.0 / 11, 5 * 18.2);
}

TEST(Dasha, ResolvedParameters) {
  auto obj = small_problem();
  const RandKCompressor q(obj->dim(), 2, kF64);
  MethodContext ctx{*obj, q, kF64, Vec::Zero(obj->dim())};
  const double omega = 13.0 / 2 - 1, l_mean = mean_local_smoothness(*obj), l = obj->smoothness();
  const auto d = make_method(named("dasha"), ctx).parameters;
  EXPECT_DOUBLE_EQ(*d.momentum, 1 / (2 * omega + 1));
  EXPECT_DOUBLE_EQ(d.step_size, 1 / (l_mean + l * std::sqrt(omega * (4 * omega + 1) / 4)));
  EXPECT_FALSE(d.p.has_value());
  const auto p = make_method(named("dasha_page"), ctx).parameters;
  EXPECT_DOUBLE_EQ(*p.batch_size, 1.0);  // ceil(0.01 * 100)
  EXPECT_DOUBLE_EQ(*p.p, 1.0 / 101);     // b'/(m + b')
  EXPECT_DOUBLE_EQ(*p.momentum, *d.momentum);
  EXPECT_DOUBLE_EQ(p.step_size, theory::dasha_page_step(l_mean, l, obj->max_local_smoothness(), omega, 4, *p.p, 1));
  EXPECT_LT(p.step_size, d.step_size);  // minibatch noise costs step size
}

TEST(Dasha, TheoryFormulasAndTheLimitsOfTheDerivedPageStep) {
  EXPECT_DOUBLE_EQ(theory::dasha_momentum(0), 1.0);
  EXPECT_DOUBLE_EQ(theory::dasha_momentum(112), 1.0 / 225);
  EXPECT_DOUBLE_EQ(theory::dasha_step(2.0, 3.0, 0.0, 5), 0.5);  // omega = 0: 1/L_mean
  const double omega = 21.6, lm = 1.0, lt = 1.2, lx = 1.5;
  // p = 1: every round a full gradient, DASHA's step.
  EXPECT_DOUBLE_EQ(theory::dasha_page_step(lm, lt, lx, omega, 5, 1.0, 17), theory::dasha_step(lm, lt, omega, 5));
  // omega = 0: no compression, PAGE's step 1/(L + L_max sqrt((1-p)/(p n b'))).
  const double p = 17.0 / (1624 + 17);
  EXPECT_DOUBLE_EQ(theory::dasha_page_p(1624, 17), p);
  EXPECT_NEAR(theory::dasha_page_step(lm, lt, lx, 0.0, 5, p, 17), 1 / (lm + lx * std::sqrt((1 - p) / (p * 5 * 17))),
              1e-15);
  // Smaller p (rarer full gradients) never allows a larger step.
  EXPECT_LT(theory::dasha_page_step(lm, lt, lx, omega, 5, p / 2, 17),
            theory::dasha_page_step(lm, lt, lx, omega, 5, p, 17));
}

TEST(Dasha, ContractiveCompressorIsRejected) {
  auto obj = small_problem();
  CompressorSpec c;
  c.name = "top_k";
  c.k = 2;
  std::unique_ptr<Compressor> topk;
  try {
    topk = make_compressor(c, obj->dim(), kF64);
  } catch (const InputError&) {
    GTEST_SKIP() << "top_k not available";
  }
  MethodContext ctx{*obj, *topk, kF64, Vec::Zero(obj->dim())};
  EXPECT_THROW(make_method(named("dasha"), ctx), InputError);
  EXPECT_THROW(make_method(named("dasha_page"), ctx), InputError);
  EXPECT_THROW(make_method(named("vr_diana"), ctx), InputError);
  EXPECT_NO_THROW(make_method(named("ef21"), ctx));
}

}  // namespace
}  // namespace marina::testing

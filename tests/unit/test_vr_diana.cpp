// VR-DIANA (paper-notes §2.8, §3.5): convergence, its reduction to GD, the oracle
// accounting of the L-SVRG estimator, the refresh coin, and the theory parameters against
// paper-notes §6.1.
#include <gtest/gtest.h>

#include <cmath>

#include "method_fixture.hpp"
#include "methods/theory/baselines.hpp"

namespace marina::testing {
namespace {

const WireFormat kF64{Precision::f64, IndexEncoding::log2};

// |actual - expected| within half a unit of expected's third significant digit.
void expect_three_digits(double actual, double expected) {
  const double unit = std::pow(10.0, std::floor(std::log10(std::abs(expected))) - 2);
  EXPECT_NEAR(actual, expected, 0.5 * unit);
}

// Per round: the refresh coin and the oracle calls of all workers together.
class OracleRecorder final : public RoundObserver {
 public:
  bool on_round(const RoundReport& report, const Vec& x) override {
    coin.push_back(report.plan->downlink->coin);
    std::int64_t calls = 0;
    for (const auto& u : report.uplinks) calls += u.work.oracle_calls;
    oracle_calls.push_back(calls);
    last = x;
    return true;
  }
  std::vector<bool> coin;
  std::vector<std::int64_t> oracle_calls;
  Vec last;
};

TEST(VrDiana, TheoryStepConvergesSlowlyAndTenTimesItConverges) {
  // The theory step is extremely conservative: gamma L = 1/(10 sqrt(1 + omega/n)
  // (m_vr^{2/3} + omega + 1)) = 2.3e-3 here (m_vr = 100, omega = 5.5). With it the gradient
  // still falls steadily; ten times the theory step shows the exact convergence that the
  // variance reduction buys (no noise floor, unlike DCGD).
  auto obj = small_problem();
  const RandKCompressor q(obj->dim(), 2, kF64);
  const auto slow = run_method(*obj, named("vr_diana"), q, kF64, 20000);
  const double g0 = obj->evaluate(slow.iterates.front()).grad_norm_sq;
  EXPECT_LT(obj->evaluate(slow.iterates.back()).grad_norm_sq, 0.3 * g0);
  MethodSpec fast = named("vr_diana");
  fast.step_size = TheoryValue::theory(10.0);
  const auto run = run_method(*obj, fast, q, kF64, 20000);
  EXPECT_LT(obj->evaluate(run.iterates.back()).grad_norm_sq, 2e-3 * g0);
}

TEST(VrDiana, WithIdentityFullBatchAndAlphaOneIsGdUpToRounding) {
  // b' = m: the minibatch difference is grad f_i(x^k) - grad f_i(w_i), so the L-SVRG
  // estimator is g_i^k = grad f_i(x^k) whatever w_i is. alpha = 1 and Q = identity make
  // h_i^{k+1} = g_i^k, hence ghat^k = h^k + mean(g_i^k - h_i^k) = mean g_i^k = grad f(x^k).
  // Only double rounding (the sums at x and at w_i, then the shift arithmetic) differs.
  auto obj = small_problem();
  const IdentityCompressor id(kF64);
  MethodSpec v = named("vr_diana");
  v.alpha = TheoryValue::fixed(1.0);
  v.batch_size = obj->local(0).samples();
  v.step_size = TheoryValue::fixed(1.0 / obj->smoothness());
  const auto gd = run_method(*obj, named("gd"), id, kF64, 300);
  const auto vr = run_method(*obj, v, id, kF64, 300);
  ASSERT_EQ(gd.iterates.size(), vr.iterates.size());
  for (std::size_t k = 0; k < gd.iterates.size(); ++k) {
    const double scale = std::max(1.0, gd.iterates[k].norm());
    ASSERT_LE((gd.iterates[k] - vr.iterates[k]).norm(), 1e-12 * scale) << "round " << k;
  }
  EXPECT_GT((gd.iterates.back() - gd.iterates.front()).norm(), 1e-3);
}

TEST(VrDiana, OracleCallsAreTwoBPerRoundPlusMPerRefresh) {
  auto obj = small_problem();
  const RandKCompressor q(obj->dim(), 2, kF64);
  MethodSpec v = named("vr_diana");
  v.batch_size = 10;  // p_ref = b'/m = 0.1
  MethodContext ctx{*obj, q, kF64, Vec::Zero(obj->dim())};
  auto method = make_method(v, ctx);
  ASSERT_DOUBLE_EQ(*method.parameters.p, 0.1);
  ASSERT_DOUBLE_EQ(*method.parameters.batch_size, 10.0);
  OracleRecorder rec;
  const std::int64_t rounds = 4000;
  run_plain_loop(method, rounds, 7, rec);
  const std::int64_t n = obj->workers(), m = obj->local(0).samples(), b = 10;
  // Round 0 also computes the first reference gradient mu_i = grad f_i(x^0).
  EXPECT_FALSE(rec.coin[0]);
  EXPECT_EQ(rec.oracle_calls[0], n * (m + 2 * b));
  std::int64_t refreshes = 0;
  for (std::size_t k = 1; k < rec.coin.size(); ++k) {
    refreshes += rec.coin[k] ? 1 : 0;
    ASSERT_EQ(rec.oracle_calls[k], n * (2 * b + (rec.coin[k] ? m : 0))) << "round " << k;
  }
  // Binomial(4000, 0.1): mean 400, standard deviation 19; 5 sigma.
  EXPECT_NEAR(static_cast<double>(refreshes), 400.0, 5 * 19.0);
}

TEST(VrDiana, DefaultBatchIsOnePercentOfTheShard) {
  // b' = ceil(0.01 m) and p_ref = 1/m_vr = b'/m, as the authors' script: mushrooms' shards
  // of 1624 rows give b' = 17 and p_ref = 0.0105 (paper-notes §5.1, §6.1).
  auto obj = small_problem(5, 12, 5 * 1624);
  ASSERT_EQ(obj->local(0).samples(), 1624);
  const RandKCompressor q(obj->dim(), 1, kF64);
  MethodContext ctx{*obj, q, kF64, Vec::Zero(obj->dim())};
  const auto m = make_method(named("vr_diana"), ctx);
  EXPECT_DOUBLE_EQ(*m.parameters.batch_size, 17.0);
  expect_three_digits(*m.parameters.p, 0.0105);
  EXPECT_DOUBLE_EQ(*m.parameters.alpha, 1.0 / (1.0 + m.parameters.omega));
  const double m_vr = 1624.0 / 17.0;
  EXPECT_DOUBLE_EQ(m.parameters.step_size, theory::vr_diana_step(obj->smoothness(), m.parameters.omega, 5, m_vr));
}

TEST(VrDiana, TheoryParametersMatchPaperNotesTable) {
  // paper-notes §6.1, n = 5, gamma reported as gamma L (L = 1 here), omega = D/K - 1.
  struct Row {
    double d, m, b, k, p_ref, gamma_l;
  };
  const Row rows[] = {
      {113, 1624, 17, 1, 0.0105, 1.54e-4},   // mushrooms
      {113, 1624, 17, 5, 0.0105, 9.97e-4},   // mushrooms
      {113, 1624, 17, 10, 0.0105, 1.78e-3},  // mushrooms
      {301, 9949, 100, 1, 0.0101, 3.97e-5},  // w8a
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(::testing::Message() << "D = " << r.d << ", K = " << r.k);
    const double omega = r.d / r.k - 1;
    const double m_vr = theory::vr_diana_epoch(r.m, r.b);
    expect_three_digits(theory::vr_diana_p(m_vr), r.p_ref);
    expect_three_digits(theory::vr_diana_step(1.0, omega, 5, m_vr), r.gamma_l);
    EXPECT_DOUBLE_EQ(theory::vr_diana_alpha(omega), 1.0 / (1.0 + omega));
  }
}

}  // namespace
}  // namespace marina::testing

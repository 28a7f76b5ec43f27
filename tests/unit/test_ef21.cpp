// EF21 (paper-notes §2.9, §3.5): convergence with the theory step for a contractive TopK
// and for a scaled RandK, the reduction to GD when C is the identity, the uplink shape
// (dense only in round 0), and the theory formulas.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "method_fixture.hpp"
#include "methods/common/input_error.hpp"
#include "methods/theory/baselines.hpp"

namespace marina::testing {
namespace {

const WireFormat kF64{Precision::f64, IndexEncoding::log2};

// TopK from the factory, or nullptr while it is not there.
std::unique_ptr<Compressor> top_k(Index d, Index k) {
  CompressorSpec c;
  c.name = "top_k";
  c.k = k;
  try {
    return make_compressor(c, d, kF64);
  } catch (const InputError&) {
    return nullptr;
  }
}

// Every uplink's kind, round by round.
class KindRecorder final : public RoundObserver {
 public:
  bool on_round(const RoundReport& report, const Vec& x) override {
    std::vector<Message::Kind> k;
    for (const auto& u : report.uplinks) k.push_back(u.message.kind);
    kinds.push_back(std::move(k));
    last = x;
    return true;
  }
  std::vector<std::vector<Message::Kind>> kinds;
  Vec last;
};

KindRecorder run_kinds(const DistributedObjective& obj, const MethodSpec& s, const Compressor& q, std::int64_t rounds) {
  MethodContext ctx{obj, q, kF64, Vec::Zero(obj.dim())};
  auto m = make_method(s, ctx);
  KindRecorder rec;
  run_plain_loop(m, rounds, 4, rec);
  return rec;
}

void expect_dense_only_in_round_zero(const KindRecorder& rec, std::size_t workers) {
  ASSERT_FALSE(rec.kinds.empty());
  for (std::size_t k = 0; k < rec.kinds.size(); ++k) {
    ASSERT_EQ(rec.kinds[k].size(), workers);
    for (Message::Kind kind : rec.kinds[k])
      ASSERT_EQ(kind, k == 0 ? Message::Kind::dense : Message::Kind::sparse) << "round " << k;
  }
}

TEST(Ef21, TheoryStepConvergesWithScaledRandK) {
  auto obj = small_problem();
  const RandKCompressor q(obj->dim(), 2, kF64);
  const auto run = run_method(*obj, named("ef21"), q, kF64, 10000);
  const double g0 = obj->evaluate(run.iterates.front()).grad_norm_sq;
  EXPECT_LT(obj->evaluate(run.iterates.back()).grad_norm_sq, 1e-3 * g0);
}

TEST(Ef21, TheoryStepConvergesWithTopK) {
  auto obj = small_problem();
  const auto q = top_k(obj->dim(), 2);
  if (!q) GTEST_SKIP() << "top_k not available";
  const auto run = run_method(*obj, named("ef21"), *q, kF64, 10000);
  const double g0 = obj->evaluate(run.iterates.front()).grad_norm_sq;
  EXPECT_LT(obj->evaluate(run.iterates.back()).grad_norm_sq, 1e-3 * g0);
}

TEST(Ef21, WithIdentityIsGdUpToRounding) {
  // alpha = 1/(1+0) = 1, so C = Q is the identity: c_i = grad f_i(x^k) - g_i makes
  // g_i = grad f_i(x^k) and g = mean of them, up to the rounding of g_i + (grad - g_i).
  auto obj = small_problem();
  const IdentityCompressor id(kF64);
  MethodSpec e = named("ef21");
  e.step_size = TheoryValue::fixed(1.0 / obj->smoothness());
  const auto gd = run_method(*obj, named("gd"), id, kF64, 300);
  const auto ef = run_method(*obj, e, id, kF64, 300);
  ASSERT_EQ(gd.iterates.size(), ef.iterates.size());
  for (std::size_t k = 0; k < gd.iterates.size(); ++k) {
    const double scale = std::max(1.0, gd.iterates[k].norm());
    ASSERT_LE((gd.iterates[k] - ef.iterates[k]).norm(), 1e-12 * scale) << "round " << k;
  }
  EXPECT_GT((gd.iterates.back() - gd.iterates.front()).norm(), 1e-3);
  // And its theory step is then 1/L_mean (alpha = 1: theta = 1, beta = 0).
  MethodContext ctx{*obj, id, kF64, Vec::Zero(obj->dim())};
  const auto l = obj->local_smoothness();
  EXPECT_DOUBLE_EQ(make_method(named("ef21"), ctx).parameters.step_size,
                   static_cast<double>(l.size()) / std::accumulate(l.begin(), l.end(), 0.0));
}

TEST(Ef21, SendsADenseVectorOnlyInRoundZero) {
  auto obj = small_problem();
  const RandKCompressor randk(obj->dim(), 2, kF64);
  expect_dense_only_in_round_zero(run_kinds(*obj, named("ef21"), randk, 300), 4);
  if (const auto topk = top_k(obj->dim(), 3))
    expect_dense_only_in_round_zero(run_kinds(*obj, named("ef21"), *topk, 300), 4);
}

TEST(Ef21, ResolvedParametersUseTheCompressorsAlpha) {
  auto obj = small_problem();
  const auto l = obj->local_smoothness();
  const double l_mean = std::accumulate(l.begin(), l.end(), 0.0) / static_cast<double>(l.size());
  const RandKCompressor randk(obj->dim(), 2, kF64);
  MethodContext ctx{*obj, randk, kF64, Vec::Zero(obj->dim())};
  const auto scaled = make_method(named("ef21"), ctx).parameters;
  EXPECT_DOUBLE_EQ(*scaled.alpha, 2.0 / 13.0);  // 1/(1+omega) with omega = 13/2 - 1
  EXPECT_DOUBLE_EQ(scaled.step_size, theory::ef21_step(l_mean, obj->smoothness(), 2.0 / 13.0));
  if (const auto topk = top_k(obj->dim(), 3)) {
    MethodContext tctx{*obj, *topk, kF64, Vec::Zero(obj->dim())};
    const auto p = make_method(named("ef21"), tctx).parameters;
    EXPECT_DOUBLE_EQ(*p.alpha, 3.0 / 13.0);  // K/d
    EXPECT_DOUBLE_EQ(p.step_size, theory::ef21_step(l_mean, obj->smoothness(), 3.0 / 13.0));
  }
}

TEST(Ef21, TheoryFormulas) {
  for (double alpha : {1.0 / 113, 0.01, 0.1, 0.5, 0.9}) {
    SCOPED_TRACE(alpha);
    const double theta = theory::ef21_theta(alpha), beta = theory::ef21_beta(alpha);
    EXPECT_DOUBLE_EQ(theta, 1 - std::sqrt(1 - alpha));
    EXPECT_DOUBLE_EQ(beta, (1 - alpha) / (1 - std::sqrt(1 - alpha)));
    // [ef21]'s parametrisation t* = sqrt(1/(1-alpha)) - 1 gives the same theta and beta.
    const double t = std::sqrt(1 / (1 - alpha)) - 1;
    EXPECT_NEAR(theta, 1 - (1 - alpha) * (1 + t), 1e-12);
    EXPECT_NEAR(beta, (1 - alpha) * (1 + 1 / t), 1e-9 * beta);
    const double gamma = theory::ef21_step(2.0, 3.0, alpha);
    EXPECT_NEAR(gamma, 1 / (2.0 + 3.0 * std::sqrt(beta / theta)), 1e-12 * gamma);
    // sqrt(beta/theta) <= 2/alpha - 1: the step is of order 1/(L + L_tilde/alpha).
    EXPECT_GE(gamma, 1 / (2.0 + 3.0 * (2 / alpha - 1)));
  }
  EXPECT_DOUBLE_EQ(theory::ef21_step(2.0, 3.0, 1.0), 0.5);
}

}  // namespace
}  // namespace marina::testing

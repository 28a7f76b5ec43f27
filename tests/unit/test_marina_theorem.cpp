// Theorem-level checks (paper-notes §3, §6.2 item 5): with the theoretical step sizes,
//   E[(1/K) sum_{k<K} ||grad f(x^k)||^2] <= 2 (f(x^0) - f_inf) / (gamma K)
// for MARINA (Theorem 2.1) and PP-MARINA (Theorem 4.1, every r in 1..n). f_inf >= 0 because
// the loss phi and the regulariser are non-negative, so f(x^0) is a valid Delta_0. The
// expectation is estimated by the mean over seeds; the bound is a worst case, so the mean
// sits well below it, and the test reports the margin. Also the PL step of MARINA.
#include <gtest/gtest.h>

#include <cmath>

#include "methods/theory/marina_variants.hpp"
#include "methods/theory/step_sizes.hpp"
#include "variant_fixture.hpp"

namespace marina::testing {
namespace {

// f64 on the wire: the theorems are about exact arithmetic, not f32 rounding.
const WireFormat kF64{Precision::f64, IndexEncoding::log2};
constexpr std::int64_t kRounds = 300;  // K
constexpr int kSeeds = 10;

struct TheoremCheck {
  double mean_grad_sq = 0.0;  // mean over seeds of (1/K) sum_{k<K} ||grad f(x^k)||^2
  double bound = 0.0;         // 2 f(x^0) / (gamma K)
};

TheoremCheck check_theorem(const DistributedObjective& obj, const MethodSpec& spec, const Compressor& q) {
  MethodContext ctx{obj, q, kF64, Vec::Zero(obj.dim())};
  const double gamma = make_method(spec, ctx).parameters.step_size;
  TheoremCheck out;
  out.bound = 2.0 * obj.evaluate(ctx.x0).loss / (gamma * static_cast<double>(kRounds));
  for (int seed = 1; seed <= kSeeds; ++seed) {
    const auto run = run_method(obj, spec, q, kF64, kRounds - 1, static_cast<std::uint64_t>(seed));
    EXPECT_EQ(run.iterates.size(), static_cast<std::size_t>(kRounds));  // x^0 .. x^{K-1}
    double sum = 0.0;
    for (const Vec& x : run.iterates) sum += obj.evaluate(x).grad_norm_sq;
    out.mean_grad_sq += sum / static_cast<double>(kRounds) / kSeeds;
  }
  return out;
}

TEST(Theorem, MarinaMeanSquaredGradientIsWithinTheBound) {
  auto obj = small_problem();
  for (Index k : {1, 2, 6}) {
    SCOPED_TRACE(::testing::Message() << "RandK K = " << k);
    const RandKCompressor q(obj->dim(), k, kF64);
    const TheoremCheck c = check_theorem(*obj, named("marina"), q);
    EXPECT_LE(c.mean_grad_sq, c.bound);
    RecordProperty("marina_K" + std::to_string(k) + "_ratio", std::to_string(c.mean_grad_sq / c.bound));
  }
}

TEST(Theorem, PpMarinaMeanSquaredGradientIsWithinTheBoundForEveryR) {
  auto obj = small_problem();
  const RandKCompressor q(obj->dim(), 2, kF64);
  for (int r = 1; r <= obj->workers(); ++r) {
    for (bool with_replacement : {false, true}) {
      SCOPED_TRACE(::testing::Message() << "r = " << r << (with_replacement ? ", with" : ", without")
                                        << " replacement");
      MethodSpec s = named("pp_marina");
      s.clients = r;
      s.with_replacement = with_replacement;
      const TheoremCheck c = check_theorem(*obj, s, q);
      EXPECT_LE(c.mean_grad_sq, c.bound);
    }
  }
}

TEST(MarinaTheory, PlStepMatchesTheoremTwoPointTwo) {
  const double L = 3.0, p = 0.1, omega = 9.0, mu = 1e-4;
  const int n = 5;
  const double expected = 1.0 / (L * (1.0 + std::sqrt(2 * (1 - p) * omega / (p * n))));
  EXPECT_DOUBLE_EQ(theory::marina_pl_step(L, p, omega, n, mu), expected);
  EXPECT_LT(theory::marina_pl_step(L, p, omega, n, mu), theory::marina_step(L, p, omega, n));
  EXPECT_DOUBLE_EQ(theory::marina_pl_step(L, p, omega, n, 10.0), p / 20.0);  // the p/(2 mu) cap
  // p = 1 (identity compressor): no variance term, gamma = min{1/L, 1/(2 mu)}.
  EXPECT_DOUBLE_EQ(theory::marina_pl_step(L, 1.0, 0.0, n, mu), 1.0 / L);
}

}  // namespace
}  // namespace marina::testing

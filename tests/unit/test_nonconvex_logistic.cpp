// The paper's loss: phi and its derivative, gradients against finite differences, the
// minibatch gradient over all rows equals the full gradient, and the smoothness bound.
#include <gtest/gtest.h>

#include <cmath>

#include "method_fixture.hpp"

namespace marina::testing {
namespace {

TEST(Phi, MatchesItsDefinition) {
  for (double t : {-30.0, -2.0, -0.5, 0.0, 0.7, 3.0, 40.0}) {
    const double sigma = 1.0 / (1.0 + std::exp(-t));
    EXPECT_NEAR(phi(t), (1 - sigma) * (1 - sigma), 1e-15);
    // phi'(t) = -2 e^t / (1 + e^t)^3 (paper-notes §5.1)
    EXPECT_NEAR(phi_derivative(t), -2 * std::exp(t) / std::pow(1 + std::exp(t), 3), 1e-15);
  }
  EXPECT_TRUE(std::isfinite(phi_derivative(-800.0)));
  EXPECT_TRUE(std::isfinite(phi_derivative(800.0)));
}

TEST(Phi, CurvatureBoundHolds) {
  // |phi''| <= 0.154059...: check on a fine grid by differences of phi'.
  double max_curvature = 0;
  for (double t = -10; t <= 10; t += 1e-3)
    max_curvature = std::max(max_curvature, std::abs(phi_derivative(t + 1e-6) - phi_derivative(t - 1e-6)) / 2e-6);
  EXPECT_LE(max_curvature, 0.15406);
  EXPECT_GE(max_curvature, 0.1540);
}

TEST(NonconvexLogistic, GradientMatchesFiniteDifferences) {
  auto obj = small_problem(2, 6, 100, 0.01);
  const Objective& f = obj->local(1);
  Vec x = Vec::LinSpaced(f.dim(), -0.5, 0.8);
  Vec g;
  f.gradient(x, g);
  for (Index i = 0; i < f.dim(); ++i) {
    Vec e = Vec::Zero(f.dim());
    e[i] = 1e-6;
    const double fd = (f.value(x + e) - f.value(x - e)) / 2e-6;
    EXPECT_NEAR(g[i], fd, 1e-7) << "coordinate " << i;
  }
}

TEST(NonconvexLogistic, MinibatchOfAllRowsIsTheFullGradient) {
  auto obj = small_problem(2, 6, 100, 0.01);
  const Objective& f = obj->local(0);
  const Vec x = Vec::LinSpaced(f.dim(), 0.3, -0.2);
  std::vector<Index> rows(static_cast<std::size_t>(f.samples()));
  for (Index i = 0; i < f.samples(); ++i) rows[static_cast<std::size_t>(i)] = i;
  Vec full, mini;
  f.gradient(x, full);
  f.minibatch_gradient(x, rows, mini);
  EXPECT_LE((full - mini).norm(), 1e-14 * std::max(1.0, full.norm()));
  EXPECT_EQ(f.minibatch_work(rows).oracle_calls, f.gradient_work().oracle_calls);
}

TEST(NonconvexLogistic, GradientIsLipschitzWithTheStatedConstant) {
  auto obj = small_problem(3, 8, 300, 0.0);
  for (int i = 0; i < obj->workers(); ++i) {
    const Objective& f = obj->local(i);
    Vec gx, gy;
    for (int trial = 0; trial < 50; ++trial) {
      const Vec x = Vec::Random(f.dim()) * 3;
      const Vec y = x + Vec::Random(f.dim()) * 0.1;
      f.gradient(x, gx);
      f.gradient(y, gy);
      EXPECT_LE((gx - gy).norm(), f.smoothness() * (x - y).norm() * (1 + 1e-12));
    }
  }
  // L is the quadratic mean of the L_i (paper-notes §1.2).
  double sum_sq = 0;
  for (double l : obj->local_smoothness()) sum_sq += l * l;
  EXPECT_DOUBLE_EQ(obj->smoothness(), std::sqrt(sum_sq / obj->workers()));
}

TEST(DistributedObjective, EvaluatesTheMeanOfTheLocals) {
  auto obj = small_problem(3, 5, 90, 0.0);
  const Vec x = Vec::Constant(obj->dim(), 0.1);
  const Evaluation e = obj->evaluate(x);
  double loss = 0;
  Vec g = Vec::Zero(obj->dim()), gi;
  double local_mean = 0;
  for (int i = 0; i < 3; ++i) {
    loss += obj->local(i).value(x) / 3;
    obj->local(i).gradient(x, gi);
    g += gi / 3;
    local_mean += gi.squaredNorm() / 3;
  }
  EXPECT_NEAR(e.loss, loss, 1e-15);
  EXPECT_NEAR(e.grad_norm_sq, g.squaredNorm(), 1e-15);
  EXPECT_NEAR(e.local_grad_norm_sq_mean, local_mean, 1e-15);
  EXPECT_GE(e.local_grad_norm_sq_mean, e.grad_norm_sq);  // Jensen
}

}  // namespace
}  // namespace marina::testing

// The paper's non-convex binary-classification loss (paper-notes §5.1):
//   f_i(x) = (1/m) sum_j phi(y_j a_j^T x) + (lambda/2) ||x||^2,  phi(t) = (1 - sigma(t))^2.
#pragma once

#include "methods/data/dataset.hpp"
#include "methods/problems/objective.hpp"

namespace marina {

// sup_t |phi''(t)| = 0.154059...; the authors round it to 0.15405 (paper-notes §5.1).
inline constexpr double kPhiCurvatureBound = 0.15405;

// phi(t) = sigma(-t)^2 and phi'(t) = -2 sigma(-t)^2 sigma(t), evaluated without overflow.
double phi(double t);
double phi_derivative(double t);

class NonconvexLogistic final : public Objective {
 public:
  NonconvexLogistic(Dataset shard, double lambda);

  Index dim() const override { return data_.dim(); }
  Index samples() const override { return data_.samples(); }
  double value(const Vec& x) const override;
  void gradient(const Vec& x, Vec& out) const override;
  void minibatch_gradient(const Vec& x, std::span<const Index> rows, Vec& out) const override;
  // L_i = 0.15405 * max_j ||a_j||^2 + lambda (paper-notes §5.1).
  double smoothness() const override { return smoothness_; }
  Work gradient_work() const override;
  Work minibatch_work(std::span<const Index> rows) const override;

  double lambda() const { return lambda_; }
  // 0.15405 * max_j ||a_j||^2, the data part of L_i (used to set the paper's lambda).
  double data_smoothness() const { return data_smoothness_; }

 private:
  Dataset data_;
  double lambda_;
  double data_smoothness_;
  double smoothness_;
  mutable Vec margins_;  // scratch: A x, reused so a gradient allocates nothing
  mutable Vec weights_;  // scratch: y_j phi'(y_j a_j^T x) / m
};

// 0.15405 * max_j ||a_j||^2 of a data set, before any regulariser.
double data_smoothness(const Dataset& data);

}  // namespace marina

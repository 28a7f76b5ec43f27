// The paper's non-convex binary-classification loss (paper-notes §5.1):
//   f_i(x) = (1/m) sum_j phi(y_j a_j^T x) + (lambda/2) ||x||^2,  phi(t) = (1 - sigma(t))^2.
#pragma once

#include <optional>

#include "methods/data/dataset.hpp"
#include "methods/problems/objective.hpp"
#include "methods/problems/shard_matrix.hpp"

namespace marina {

// sup_t |phi''(t)| = 0.154059...; the authors round it to 0.15405 (paper-notes §5.1).
inline constexpr double kPhiCurvatureBound = 0.15405;

// phi(t) = sigma(-t)^2 and phi'(t) = -2 sigma(-t)^2 sigma(t), evaluated without overflow
// (methods/problems/logistic_weight.hpp, the same bits as the vectorised gradient kernel).
double phi(double t);
double phi_derivative(double t);

class NonconvexLogistic final : public Objective {
 public:
  // The shard's storage is chosen from its shape (choose_storage); the second form forces one
  // (tests and benchmarks).
  NonconvexLogistic(Dataset shard, double lambda);
  NonconvexLogistic(Dataset shard, double lambda, ShardStorage storage);

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
  ShardStorage storage() const { return matrix_.storage(); }

 private:
  NonconvexLogistic(Dataset shard, double lambda, std::optional<ShardStorage> storage);
  void compute_margins(const Vec& x) const;

  Dataset data_;  // kept for the work counts (nonzeros per row)
  double lambda_;
  double data_smoothness_;
  double smoothness_;
  ShardMatrix matrix_;
  Vec labels_;  // y, padded with ones to a multiple of 8 samples for the vector kernel
  // Scratch, one set per objective (so different workers may run concurrently), reused so
  // that a gradient allocates nothing: the prepared x, A x and the sample weights (both
  // padded like labels_), and the dense kernel's padded output.
  mutable Vec prepared_x_;
  mutable Vec margins_;
  mutable Vec weights_;
  mutable Vec padded_out_;
  mutable Vec batch_margins_;  // minibatch margins, labels and weights, padded to 8
  mutable Vec batch_labels_;
  mutable Vec batch_weights_;
};

// 0.15405 * max_j ||a_j||^2 of a data set, before any regulariser.
double data_smoothness(const Dataset& data);

struct ProblemDescription;
ProblemDescription describe_nonconvex_logistic();

}  // namespace marina

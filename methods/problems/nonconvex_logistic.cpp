#include "methods/problems/nonconvex_logistic.hpp"

#include <cassert>
#include <cmath>

namespace marina {

namespace {

// Flops of the per-sample scalar work in a gradient: one exp, a division, and the few
// products of phi'. A fixed analytic figure keeps the simulated compute time deterministic.
constexpr double kFlopsPerSample = 20.0;

// sigma(-t) = 1 / (1 + e^t), computed on the side where the exponential cannot overflow.
double sigmoid_of_minus(double t) {
  if (t >= 0.0) {
    const double e = std::exp(-t);
    return e / (1.0 + e);
  }
  return 1.0 / (1.0 + std::exp(t));
}

}  // namespace

double phi(double t) {
  const double s = sigmoid_of_minus(t);
  return s * s;
}

double phi_derivative(double t) {
  const double s = sigmoid_of_minus(t);
  return -2.0 * s * s * (1.0 - s);
}

double data_smoothness(const Dataset& data) {
  double max_row_norm_sq = 0.0;
  for (Index r = 0; r < data.features.outerSize(); ++r) {
    double norm_sq = 0.0;
    for (SparseRows::InnerIterator it(data.features, r); it; ++it) norm_sq += it.value() * it.value();
    max_row_norm_sq = std::max(max_row_norm_sq, norm_sq);
  }
  return kPhiCurvatureBound * max_row_norm_sq;
}

NonconvexLogistic::NonconvexLogistic(Dataset shard, double lambda)
    : data_(std::move(shard)), lambda_(lambda) {
  data_.features.makeCompressed();
  data_smoothness_ = marina::data_smoothness(data_);
  smoothness_ = data_smoothness_ + lambda_;
  margins_.resize(data_.samples());
  weights_.resize(data_.samples());
}

double NonconvexLogistic::value(const Vec& x) const {
  margins_.noalias() = data_.features * x;
  double sum = 0.0;
  for (Index j = 0; j < margins_.size(); ++j) sum += phi(data_.labels[j] * margins_[j]);
  const double m = static_cast<double>(std::max<Index>(samples(), 1));
  return sum / m + 0.5 * lambda_ * x.squaredNorm();
}

void NonconvexLogistic::gradient(const Vec& x, Vec& out) const {
  // grad = (1/m) A^T w + lambda x with w_j = y_j phi'(y_j a_j^T x).
  margins_.noalias() = data_.features * x;
  const double inv_m = 1.0 / static_cast<double>(std::max<Index>(samples(), 1));
  for (Index j = 0; j < margins_.size(); ++j) {
    const double y = data_.labels[j];
    weights_[j] = y * phi_derivative(y * margins_[j]) * inv_m;
  }
  out.noalias() = data_.features.transpose() * weights_;
  out += lambda_ * x;
}

void NonconvexLogistic::minibatch_gradient(const Vec& x, std::span<const Index> rows,
                                           Vec& out) const {
  assert(!rows.empty());
  out = lambda_ * x;
  const double inv_b = 1.0 / static_cast<double>(rows.size());
  for (Index r : rows) {
    double margin = 0.0;
    for (SparseRows::InnerIterator it(data_.features, r); it; ++it) margin += it.value() * x[it.index()];
    const double y = data_.labels[r];
    const double w = y * phi_derivative(y * margin) * inv_b;
    for (SparseRows::InnerIterator it(data_.features, r); it; ++it) out[it.index()] += w * it.value();
  }
}

Work NonconvexLogistic::gradient_work() const {
  // A x and A^T w each cost a multiply-add per nonzero; lambda x costs 2 per coordinate.
  const double nnz = static_cast<double>(data_.features.nonZeros());
  return Work{samples(), 4.0 * nnz + kFlopsPerSample * static_cast<double>(samples()) +
                             2.0 * static_cast<double>(dim())};
}

Work NonconvexLogistic::minibatch_work(std::span<const Index> rows) const {
  double nnz = 0.0;
  for (Index r : rows) nnz += static_cast<double>(data_.features.outerIndexPtr()[r + 1] -
                                                  data_.features.outerIndexPtr()[r]);
  return Work{static_cast<std::int64_t>(rows.size()),
              4.0 * nnz + kFlopsPerSample * static_cast<double>(rows.size()) +
                  2.0 * static_cast<double>(dim())};
}

}  // namespace marina

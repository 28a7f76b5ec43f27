#include "methods/problems/nonconvex_logistic.hpp"

#include <algorithm>
#include <cassert>
#include <memory>

#include "methods/problems/logistic_weight.hpp"
#include "methods/problems/problem_registry.hpp"

namespace marina {

namespace {

// Flops of the per-sample scalar work in a gradient: one exp, a division, and the few
// products of phi'. A fixed analytic figure keeps the simulated compute time deterministic.
constexpr double kFlopsPerSample = 20.0;

Index padded(Index n) { return (n + kernels::kLanes - 1) / kernels::kLanes * kernels::kLanes; }

}  // namespace

double phi(double t) {
  const double s = kernels::sigmoid_of_minus(t);
  return s * s;
}

double phi_derivative(double t) { return kernels::phi_derivative_of(t); }

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
    : NonconvexLogistic(std::move(shard), lambda, std::nullopt) {}

NonconvexLogistic::NonconvexLogistic(Dataset shard, double lambda, ShardStorage storage)
    : NonconvexLogistic(std::move(shard), lambda, std::optional<ShardStorage>(storage)) {}

NonconvexLogistic::NonconvexLogistic(Dataset shard, double lambda, std::optional<ShardStorage> storage)
    : data_(std::move(shard)),
      lambda_(lambda),
      matrix_(storage ? ShardMatrix(data_.features, *storage) : ShardMatrix(data_.features)) {
  data_.features.makeCompressed();
  data_smoothness_ = marina::data_smoothness(data_);
  smoothness_ = data_smoothness_ + lambda_;
  const Index m = data_.samples();
  labels_ = Vec::Ones(padded(m));
  labels_.head(m) = data_.labels;
  margins_ = Vec::Zero(padded(m));
  weights_ = Vec::Zero(padded(m));
}

void NonconvexLogistic::compute_margins(const Vec& x) const {
  matrix_.prepare(x, prepared_x_);
  matrix_.multiply(prepared_x_, margins_.data());
}

double NonconvexLogistic::value(const Vec& x) const {
  compute_margins(x);
  double sum = 0.0;
  for (Index j = 0; j < samples(); ++j) sum += phi(labels_[j] * margins_[j]);
  const double m = static_cast<double>(std::max<Index>(samples(), 1));
  return sum / m + 0.5 * lambda_ * x.squaredNorm();
}

void NonconvexLogistic::gradient(const Vec& x, Vec& out) const {
  // grad = A^T w + lambda x with w_j = y_j phi'(y_j a_j^T x) / m.
  compute_margins(x);
  const double inv_m = 1.0 / static_cast<double>(std::max<Index>(samples(), 1));
  kernels::sample_weights(kernels::best_isa(), margins_.data(), labels_.data(), inv_m, weights_.data(),
                          margins_.size());
  matrix_.transpose_multiply(weights_.data(), out, padded_out_);
  out += lambda_ * x;
}

void NonconvexLogistic::minibatch_gradient(const Vec& x, std::span<const Index> rows,
                                           Vec& out) const {
  // (1/b) sum_{j in rows} grad f_ij(x) + lambda x: the margins first, then all weights in the
  // vector kernel (a scalar exp per row would be a long dependency chain), then the rows.
  assert(!rows.empty());
  const auto b = static_cast<Index>(rows.size());
  const Index slots = padded(b);
  if (batch_margins_.size() < slots) {
    batch_margins_.resize(slots);
    batch_labels_.resize(slots);
    batch_weights_.resize(slots);
  }
  matrix_.prepare(x, prepared_x_);
  for (Index i = 0; i < b; ++i) {
    batch_margins_[i] = matrix_.row_dot(rows[static_cast<std::size_t>(i)], prepared_x_);
    batch_labels_[i] = labels_[rows[static_cast<std::size_t>(i)]];
  }
  for (Index i = b; i < slots; ++i) {
    batch_margins_[i] = 0.0;
    batch_labels_[i] = 1.0;
  }
  kernels::sample_weights(kernels::best_isa(), batch_margins_.data(), batch_labels_.data(),
                          1.0 / static_cast<double>(b), batch_weights_.data(), slots);
  out = lambda_ * x;
  for (Index i = 0; i < b; ++i) matrix_.add_row(rows[static_cast<std::size_t>(i)], batch_weights_[i], out);
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

namespace {

// The authors' regulariser: lambda = 1e-6 * max_i L_i (data part), paper-notes §5.1.
constexpr double kPaperLambdaFactor = 1e-6;

ProblemInstance make_nonconvex_logistic(ProblemData data, const KeyValues& keys) {
  double max_data_smoothness = 0.0;
  for (const auto& sh : data.rows) max_data_smoothness = std::max(max_data_smoothness, data_smoothness(sh));
  ProblemInstance out;
  out.lambda = std::get<Param>(keys.at("problem.lambda")).resolve(kPaperLambdaFactor * max_data_smoothness);
  for (auto& sh : data.rows) out.locals.push_back(std::make_shared<NonconvexLogistic>(std::move(sh), out.lambda));
  out.x0 = Vec::Zero(out.locals.front()->dim());
  return out;
}

}  // namespace

ProblemDescription describe_nonconvex_logistic() {
  ProblemDescription p;
  p.name = "nonconvex_logistic";
  p.summary = "binary classification with phi(t) = (1 - sigmoid(t))^2 and an l2 term (paper-notes §5.1)";
  p.data = DataKind::rows;
  p.smoothness_known = true;
  p.reads = {{"problem.lambda", ""}};
  p.make = make_nonconvex_logistic;
  return p;
}

}  // namespace marina

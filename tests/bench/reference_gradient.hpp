// The local gradient as computed before the storage-specific kernels (main at f0055f0):
// Eigen's sparse A x, a scalar loop of std::exp per sample, Eigen's sparse A^T w. Kept for
// the benchmark only, so that every new kernel is timed beside it in the same run.
#pragma once

#include <algorithm>
#include <cmath>
#include <span>

#include "methods/data/dataset.hpp"

namespace marina::bench {

class ReferenceGradient {
 public:
  ReferenceGradient(const Dataset& shard, double lambda) : data_(shard), lambda_(lambda) {
    data_.features.makeCompressed();
    margins_.resize(data_.samples());
    weights_.resize(data_.samples());
  }

  void gradient(const Vec& x, Vec& out) const {
    margins_.noalias() = data_.features * x;
    const double inv_m = 1.0 / static_cast<double>(std::max<Index>(data_.samples(), 1));
    for (Index j = 0; j < margins_.size(); ++j) {
      const double y = data_.labels[j];
      weights_[j] = y * phi_derivative(y * margins_[j]) * inv_m;
    }
    out.noalias() = data_.features.transpose() * weights_;
    out += lambda_ * x;
  }

  void minibatch_gradient(const Vec& x, std::span<const Index> rows, Vec& out) const {
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

 private:
  static double phi_derivative(double t) {
    double s;
    if (t >= 0.0) {
      const double e = std::exp(-t);
      s = e / (1.0 + e);
    } else {
      s = 1.0 / (1.0 + std::exp(t));
    }
    return -2.0 * s * s * (1.0 - s);
  }

  Dataset data_;
  double lambda_;
  mutable Vec margins_;
  mutable Vec weights_;
};

}  // namespace marina::bench

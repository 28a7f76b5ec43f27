#include "methods/problems/distributed_objective.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace marina {

DistributedObjective::DistributedObjective(std::vector<std::shared_ptr<const Objective>> locals)
    : locals_(std::move(locals)) {
  assert(!locals_.empty());
}

Evaluation DistributedObjective::evaluate(const Vec& x, ThreadPool* pool) const {
  const double n = static_cast<double>(locals_.size());
  Evaluation e;
  sum_ = Vec::Zero(x.size());
  if (pool != nullptr && pool->threads() > 1 && locals_.size() > 1) {
    local_gradients_.resize(locals_.size());
    local_values_.resize(locals_.size());
    pool->run(locals_.size(),
              [&](std::size_t i) { local_values_[i] = locals_[i]->value_and_gradient(x, local_gradients_[i]); });
    for (std::size_t i = 0; i < locals_.size(); ++i) {  // the order and the operations of the loop below
      e.loss += local_values_[i] / n;
      e.local_grad_norm_sq_mean += local_gradients_[i].squaredNorm() / n;
      sum_ += local_gradients_[i];
    }
  } else {
    for (const auto& f : locals_) {
      e.loss += f->value_and_gradient(x, scratch_) / n;
      e.local_grad_norm_sq_mean += scratch_.squaredNorm() / n;
      sum_ += scratch_;
    }
  }
  sum_ /= n;
  e.grad_norm_sq = sum_.squaredNorm();
  return e;
}

std::vector<double> DistributedObjective::local_smoothness() const {
  std::vector<double> out;
  out.reserve(locals_.size());
  for (const auto& f : locals_) out.push_back(f->smoothness());
  return out;
}

double DistributedObjective::smoothness() const {
  double sum_sq = 0.0;
  for (double l : local_smoothness()) sum_sq += l * l;
  return std::sqrt(sum_sq / static_cast<double>(locals_.size()));
}

double DistributedObjective::max_local_smoothness() const {
  const auto l = local_smoothness();
  return *std::max_element(l.begin(), l.end());
}

Index DistributedObjective::min_local_samples() const {
  Index m = locals_.front()->samples();
  for (const auto& f : locals_) m = std::min(m, f->samples());
  return m;
}

}  // namespace marina

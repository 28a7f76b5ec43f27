// f(x) = (1/n) sum_i f_i(x), the problem all workers solve together (paper eq. (1)), and
// its evaluation off the simulated clock.
#pragma once

#include <memory>
#include <vector>

#include "methods/common/thread_pool.hpp"
#include "methods/problems/objective.hpp"

namespace marina {

struct Evaluation {
  double loss = 0.0;                     // f(x)
  double grad_norm_sq = 0.0;             // ||grad f(x)||^2
  double local_grad_norm_sq_mean = 0.0;  // (1/n) sum_i ||grad f_i(x)||^2, what the authors' code plots
};

class DistributedObjective {
 public:
  explicit DistributedObjective(std::vector<std::shared_ptr<const Objective>> locals);

  int workers() const { return static_cast<int>(locals_.size()); }
  Index dim() const { return locals_.front()->dim(); }
  const Objective& local(int i) const { return *locals_[static_cast<std::size_t>(i)]; }
  std::shared_ptr<const Objective> local_ptr(int i) const { return locals_[static_cast<std::size_t>(i)]; }

  // With a pool of more than one thread the local losses are evaluated in parallel and summed
  // in worker order afterwards: the same bits as one after another.
  Evaluation evaluate(const Vec& x, ThreadPool* pool = nullptr) const;
  // Smoothness L_i of every worker, and MARINA's L = sqrt((1/n) sum L_i^2) (paper-notes §1.2).
  std::vector<double> local_smoothness() const;
  double smoothness() const;
  double max_local_smoothness() const;
  // m of the smallest shard: minibatch sizes and refresh probabilities are set against it.
  Index min_local_samples() const;

 private:
  std::vector<std::shared_ptr<const Objective>> locals_;
  mutable Vec scratch_;
  mutable Vec sum_;
  mutable std::vector<Vec> local_gradients_;  // parallel evaluation: one per worker
  mutable std::vector<double> local_values_;
};

}  // namespace marina

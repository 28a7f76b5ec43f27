// A worker's local loss f_i, seen by the methods only through values, gradients,
// minibatch gradients, its smoothness constant and what each oracle call costs.
#pragma once

#include <span>

#include "methods/algorithms/message.hpp"
#include "methods/common/types.hpp"

namespace marina {

class Objective {
 public:
  virtual ~Objective() = default;
  virtual Index dim() const = 0;
  virtual Index samples() const = 0;  // m, the number of f_ij
  virtual double value(const Vec& x) const = 0;
  // out = grad f_i(x) over the whole shard.
  virtual void gradient(const Vec& x, Vec& out) const = 0;
  // f_i(x), with grad f_i(x) in out: one pass where the loss can give both (a network's
  // forward and backward), two otherwise. For evaluations off the simulated clock.
  virtual double value_and_gradient(const Vec& x, Vec& out) const {
    gradient(x, out);
    return value(x);
  }
  // out = (1/|rows|) sum_{j in rows} grad f_ij(x) (regulariser included once).
  virtual void minibatch_gradient(const Vec& x, std::span<const Index> rows, Vec& out) const = 0;
  // L_i with ||grad f_i(x) - grad f_i(y)|| <= L_i ||x - y||.
  virtual double smoothness() const = 0;
  // Cost of one full gradient and of a minibatch gradient (analytic, never measured).
  virtual Work gradient_work() const = 0;
  virtual Work minibatch_work(std::span<const Index> rows) const = 0;
};

}  // namespace marina

#include "sim/output/pareto_front.hpp"

#include <cmath>
#include <stdexcept>

namespace marina {

namespace {

void check_costs(const Costs& c, std::size_t size) {
  if (c.size() != size) throw std::invalid_argument("pareto front: candidates with different numbers of costs");
  for (double v : c)
    if (!std::isfinite(v)) throw std::invalid_argument("pareto front: a cost is not a finite number");
}

}  // namespace

bool dominates(const Costs& a, const Costs& b) {
  check_costs(a, a.size());
  check_costs(b, a.size());
  bool strictly_better = false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] > b[i]) return false;
    if (a[i] < b[i]) strictly_better = true;
  }
  return strictly_better;
}

std::vector<bool> pareto_front(const std::vector<std::optional<Costs>>& candidates) {
  const std::optional<Costs>* first = nullptr;
  for (const auto& c : candidates)
    if (c) {
      if (!first) first = &c;
      check_costs(*c, (*first)->size());
    }
  std::vector<bool> on_front(candidates.size(), false);
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (!candidates[i]) continue;
    bool dominated = false;
    for (std::size_t j = 0; j < candidates.size() && !dominated; ++j)
      dominated = j != i && candidates[j] && dominates(*candidates[j], *candidates[i]);
    on_front[i] = !dominated;
  }
  return on_front;
}

std::vector<std::size_t> cheapest(const std::vector<std::optional<Costs>>& candidates, std::size_t which) {
  std::vector<std::size_t> best;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (!candidates[i]) continue;
    if (which >= candidates[i]->size()) throw std::invalid_argument("pareto front: no such cost");
    const double v = (*candidates[i])[which];
    if (!std::isfinite(v)) throw std::invalid_argument("pareto front: a cost is not a finite number");
    if (best.empty() || v < (*candidates[best.front()])[which]) best.assign(1, i);
    else if (v == (*candidates[best.front()])[which]) best.push_back(i);
  }
  return best;
}

}  // namespace marina

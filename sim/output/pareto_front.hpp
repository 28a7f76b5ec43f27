// The Pareto front of candidates judged on several costs, all to be minimised (for
// `marina-sim advise`: seconds, bits and joules to reach accuracy eps). A candidate that did
// not reach eps has no costs at all: it is never on the front and dominates nothing, so a
// run that stopped short can never hide one that got there.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

namespace marina {

using Costs = std::vector<double>;

// a dominates b: a costs no more than b in every cost and strictly less in at least one.
// Equal cost vectors do not dominate each other. Throws std::invalid_argument when the
// sizes differ or a cost is not a finite number.
bool dominates(const Costs& a, const Costs& b);

// on_front[i]: candidate i reached the target (has costs) and no other candidate that
// reached it dominates it. Candidates with equal costs are on the front together.
std::vector<bool> pareto_front(const std::vector<std::optional<Costs>>& candidates);

// The candidates with the least value of cost `which`, in input order (several on an exact
// tie); empty when no candidate reached the target.
std::vector<std::size_t> cheapest(const std::vector<std::optional<Costs>>& candidates, std::size_t which);

}  // namespace marina

// Theoretical round and communication complexities (paper-notes §3.6, Table A), with the
// problem constants Delta0 * L / eps^2 dropped, so a row reads "rounds = factor * Delta0 L / eps^2".
// These are orders from the theorems, not predictions of exact counts: they say how the
// methods should rank and how the cost scales with omega, n, p, b'.
#pragma once

#include <optional>
#include <string>

#include "methods/algorithms/protocol.hpp"
#include "methods/problems/distributed_objective.hpp"

namespace marina::theory {

struct ComplexityInputs {
  double dim = 0;         // d
  int workers = 1;        // n
  double local_samples = 1;  // m (smallest shard)
};

struct Complexity {
  double rounds_factor = 0;         // rounds = factor * Delta0 L / eps^2
  double floats_per_round = 0;      // expected values sent per worker per round
  double communication_factor = 0;  // rounds_factor * floats_per_round
  std::string rounds_formula;       // the Table A cell it comes from
};

// The problem's side of the inputs: d, n and the smallest shard.
ComplexityInputs complexity_inputs(const DistributedObjective& objective);

// nullopt for a method without a rate to stationarity under heterogeneous data (DCGD).
std::optional<Complexity> table_a(const ResolvedParameters& method, const ComplexityInputs& in);

}  // namespace marina::theory

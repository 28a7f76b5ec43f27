// What every method is built from: the local objectives, the uplink compressor, the wire
// format and the starting point, plus the scenario's parameter choices.
#pragma once

#include <string>

#include "methods/compressors/compressor.hpp"
#include "methods/problems/distributed_objective.hpp"
#include "methods/theory/theory_value.hpp"

namespace marina {

struct MethodSpec {
  std::string name = "marina";
  TheoryValue step_size = TheoryValue::theory();
  TheoryValue p = TheoryValue::theory();
  TheoryValue alpha = TheoryValue::theory();
};

struct MethodContext {
  const DistributedObjective& objective;
  const Compressor& compressor;  // prototype: each worker gets its own clone
  WireFormat wire;
  Vec x0;
};

}  // namespace marina

// What every method is built from: the local objectives, the uplink compressor, the wire
// format and the starting point, plus the scenario's parameter choices.
#pragma once

#include <map>
#include <string>

#include "methods/common/key_value.hpp"
#include "methods/compressors/compressor.hpp"
#include "methods/problems/distributed_objective.hpp"
#include "methods/theory/theory_value.hpp"

namespace marina {

struct MethodSpec {
  std::string name = "marina";
  TheoryValue step_size = TheoryValue::theory();
  TheoryValue p = TheoryValue::theory();
  TheoryValue alpha = TheoryValue::theory();
  Index batch_size = 0;          // b' (VR methods, DASHA-PAGE); 0 = ceil(batch_fraction * m)
  double batch_fraction = 0.01;
  Index large_batch = 0;         // b (VR-MARINA online); 0 = ceil(0.1 * m)
  int clients = 1;               // r (PP-MARINA)
  bool with_replacement = false; // PP-MARINA client sampling
  double mu = 0.0;               // PL constant; > 0 selects the PL step sizes
  // Values of the keys only this method has (MethodDescription::own_keys), by key.
  std::map<std::string, ScenarioValue> own;
};

struct MethodContext {
  const DistributedObjective& objective;  // workers hold shared pointers to its local objectives
  const Compressor& compressor;  // prototype: each worker gets its own clone
  WireFormat wire;
  Vec x0;
};

}  // namespace marina

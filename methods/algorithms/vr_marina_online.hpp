// VR-MARINA, online (expectation) form (Algorithm 3, paper-notes §2.3): the shard stands for
// the distribution D_i, so every batch is drawn with replacement. Dense rounds and round 0
// use a large batch of b samples (b oracle calls); compressed rounds b' samples, the same
// at x^{k+1} and x^k (2 b' calls). Server and worker are VR-MARINA's (vr_marina.hpp).
#pragma once

#include "methods/algorithms/method_context.hpp"
#include "methods/algorithms/method_registry.hpp"
#include "methods/algorithms/protocol.hpp"

namespace marina {

MethodInstance make_vr_marina_online(const MethodSpec& spec, const MethodContext& ctx);
MethodDescription describe_vr_marina_online();

}  // namespace marina

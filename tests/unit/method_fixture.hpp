// Builds small distributed problems and runs methods in the plain loop, recording every
// iterate, for the unit tests of the methods.
#pragma once

#include <memory>
#include <vector>

#include "methods/algorithms/method_registry.hpp"
#include "methods/algorithms/plain_loop.hpp"
#include "methods/compressors/identity.hpp"
#include "methods/compressors/rand_k.hpp"
#include "methods/data/sharding.hpp"
#include "methods/data/synthetic.hpp"
#include "methods/problems/nonconvex_logistic.hpp"

namespace marina::testing {

inline std::shared_ptr<DistributedObjective> small_problem(int workers = 4, Index features = 12,
                                                           Index samples = 400, double lambda = 1e-3) {
  SyntheticSpec spec;
  spec.samples = samples;
  spec.features = features;
  spec.groups = workers;
  spec.seed = 5;
  const Dataset data = with_bias_column(make_synthetic(spec));
  std::vector<std::shared_ptr<const Objective>> locals;
  for (auto& s : shard(data, workers, SplitMode::contiguous, 1))
    locals.push_back(std::make_shared<NonconvexLogistic>(std::move(s), lambda));
  return std::make_shared<DistributedObjective>(std::move(locals));
}

// A method with every parameter at its theory default.
inline MethodSpec named(const std::string& name) {
  MethodSpec s;
  s.name = name;
  return s;
}

// The same with a fixed step size.
inline MethodSpec with_step(const std::string& name, double gamma) {
  MethodSpec s = named(name);
  s.step_size = TheoryValue::fixed(gamma);
  return s;
}

// Records x^k after every round.
class IterateRecorder final : public RoundObserver {
 public:
  bool on_round(const RoundReport& report, const Vec& x) override {
    iterates.push_back(x);
    dense.push_back(report.plan->downlink->coin);
    participants.push_back(report.plan->participants.size());
    for (const auto& u : report.uplinks) uplink_bits += u.message.bits;
    return true;
  }
  std::vector<Vec> iterates;
  std::vector<bool> dense;  // the round's downlink announced a dense round (MARINA's c_k)
  std::vector<std::size_t> participants;
  std::uint64_t uplink_bits = 0;
};

inline IterateRecorder run_method(const DistributedObjective& obj, const MethodSpec& spec, const Compressor& q,
                                  WireFormat wire, std::int64_t rounds, std::uint64_t seed = 1) {
  MethodContext ctx{obj, q, wire, Vec::Zero(obj.dim())};
  MethodInstance m = make_method(spec, ctx);
  IterateRecorder rec;
  run_plain_loop(m, rounds, seed, rec);
  return rec;
}

}  // namespace marina::testing

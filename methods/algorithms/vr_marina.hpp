// VR-MARINA (paper-notes §2.2 finite sum, §2.3 online). The server is MARINA's: one shared
// coin c_k ~ Bernoulli(p) per round, g^{k+1} = (1/n) sum_i of the dense estimates when
// c_k = 1, g^{k+1} = g^k + (1/n) sum_i Q_i(Delta^_i) when c_k = 0. Only the worker's
// estimates change:
//   dense rounds (and round 0): the full local gradient (finite sum, m oracle calls) or a
//     large batch of b samples drawn with replacement (online, b calls);
//   compressed rounds: Delta^_i = (1/b') sum_{j in I'} (grad f_ij(x^{k+1}) - grad f_ij(x^k))
//     with the SAME b' samples at both points (2 b' calls), drawn without replacement
//     (finite sum, as the authors' code) or with replacement (online).
#pragma once

#include <vector>

#include "methods/algorithms/method_context.hpp"
#include "methods/algorithms/method_registry.hpp"
#include "methods/algorithms/protocol.hpp"

namespace marina {

// How a worker samples; the one thing that separates the two forms.
struct VrSampling {
  Index small_batch = 1;          // b'
  Index large_batch = 0;          // b on dense rounds; 0 = the full local gradient (finite sum)
  bool with_replacement = false;  // online form: the shard stands for the distribution D_i
};

// The server is MARINA's (marina.hpp): the same coin, estimator and shared seed; only the
// workers differ (minibatches on compressed rounds).

class VrMarinaWorker final : public WorkerLogic {
 public:
  VrMarinaWorker(int index, int workers, std::shared_ptr<const Objective> f, std::unique_ptr<Compressor> q, Vec x0,
                 double gamma, WireFormat wire, VrSampling sampling);
  Uplink step(const Downlink& downlink, Rng& rng) override;

 private:
  Message dense_estimate(Rng& rng, Work& work);
  Message compressed_difference(const Downlink& downlink, Rng& rng, Work& work);

  int index_, workers_;
  std::shared_ptr<const Objective> f_;
  std::unique_ptr<Compressor> q_;
  Vec x_, x_previous_, grad_, grad_previous_;
  Vec held_direction_;  // delta downlink: the g this worker rebuilt (marina_downlink.hpp)
  double gamma_;
  WireFormat wire_;
  VrSampling sampling_;
  std::vector<Index> rows_;
  std::vector<char> marker_;  // sample_subset's scratch
};

// b' = spec.batch_size, or ceil(batch_fraction * m) when it is 0 (the paper uses 1%).
Index resolve_small_batch(const MethodSpec& spec, Index m);
// b = spec.large_batch, or ceil(0.1 m) when it is 0.
Index resolve_large_batch(const MethodSpec& spec, Index m);

// Server and workers once the parameters are resolved (step_size and p set); shared by both
// forms.
MethodInstance build_vr_marina(ResolvedParameters parameters, const MethodContext& ctx, const VrSampling& sampling);

MethodInstance make_vr_marina(const MethodSpec& spec, const MethodContext& ctx);
MethodDescription describe_vr_marina();

}  // namespace marina

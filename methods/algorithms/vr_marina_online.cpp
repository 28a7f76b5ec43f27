#include "methods/algorithms/vr_marina_online.hpp"

#include "methods/algorithms/vr_marina.hpp"
#include "methods/theory/marina_variants.hpp"

namespace marina {

MethodInstance make_vr_marina_online(const MethodSpec& spec, const MethodContext& ctx) {
  const auto& obj = ctx.objective;
  const Index d = obj.dim();
  const Index m = obj.min_local_samples();
  const Index small = resolve_small_batch(spec, m);
  const Index large = resolve_large_batch(spec, m);
  ResolvedParameters prm;
  prm.method = "vr_marina_online";
  prm.smoothness = obj.smoothness();
  prm.omega = ctx.compressor.omega(d);
  prm.zeta = ctx.compressor.expected_density(d);
  prm.batch_size = static_cast<double>(small);
  prm.large_batch = static_cast<double>(large);
  prm.p = spec.p.resolve(theory::vr_marina_online_p(prm.omega, static_cast<double>(small), static_cast<double>(large)));
  // The same gamma as the finite-sum form (Theorem 3.2, paper-notes §3.3), with 𝓛 = L.
  const double L = prm.smoothness;
  const double b = static_cast<double>(small);
  const double theory_step = spec.mu > 0 ? theory::vr_marina_pl_step(L, L, *prm.p, prm.omega, obj.workers(), b, spec.mu)
                                         : theory::vr_marina_step(L, L, *prm.p, prm.omega, obj.workers(), b);
  prm.step_size = spec.step_size.resolve(theory_step);
  return build_vr_marina(std::move(prm), ctx, VrSampling{small, large, true});
}

MethodDescription describe_vr_marina_online() {
  MethodDescription m;
  m.name = "vr_marina_online";
  m.title = "VR-MARINA (online)";
  m.family = "MARINA";
  m.summary = "MARINA with batches drawn with replacement, b on dense rounds, b' on compressed ones (Algorithm 3, paper-notes §2.3)";
  m.reads = {{"method.large_batch", ""}, {"method.batch_size", ""}, {"method.batch_fraction", ""}, {"method.p", "a dense round"}, {"method.mu", ""}, {"wire.downlink", ""}};
  m.compressor = CompressorNeed::unbiased;
  m.faults = FaultPolicy::survivor;
  m.theory = {"method.step_size", "method.p"};
  m.advise = {"rand_k", false};
  m.make = make_vr_marina_online;
  return m;
}

}  // namespace marina

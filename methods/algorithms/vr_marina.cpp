#include "methods/algorithms/vr_marina.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "methods/algorithms/index_sampling.hpp"
#include "methods/algorithms/marina.hpp"
#include "methods/algorithms/minibatch_size.hpp"
#include "methods/algorithms/shared_step.hpp"
#include "methods/common/input_error.hpp"
#include "methods/compressors/identity.hpp"
#include "methods/theory/marina_variants.hpp"

namespace marina {

VrMarinaWorker::VrMarinaWorker(int index, int workers, std::shared_ptr<const Objective> f,
                               std::unique_ptr<Compressor> q, Vec x0, double gamma, WireFormat wire,
                               VrSampling sampling)
    : index_(index),
      workers_(workers),
      f_(std::move(f)),
      q_(std::move(q)),
      x_(std::move(x0)),
      held_direction_(Vec::Zero(x_.size())),
      gamma_(gamma),
      wire_(wire),
      sampling_(sampling) {}

Uplink VrMarinaWorker::step(const Downlink& downlink, Rng& rng) {
  // The minibatch changes every round, so grad f_ij(x^k) cannot be cached: keep x^k itself.
  x_previous_ = x_;
  // A resync after missed rounds carries x^{k-1} as well when the round is compressed.
  const bool resync = wire_.downlink == DownlinkEncoding::delta ? enter_round(downlink, gamma_, x_, held_direction_)
                                                                : enter_round(downlink, gamma_, x_);
  if (resync && !downlink.coin) x_previous_ = downlink.previous_model.dense;
  Work work;
  Message message = downlink.coin ? dense_estimate(rng, work) : compressed_difference(downlink, rng, work);
  return Uplink{index_, std::move(message), work};
}

Message VrMarinaWorker::dense_estimate(Rng& rng, Work& work) {
  if (sampling_.large_batch == 0) {
    f_->gradient(x_, grad_);  // finite sum: the full local pass, m oracle calls
    work = f_->gradient_work();
  } else {
    rows_ = sample_indices(f_->samples(), sampling_.large_batch, sampling_.with_replacement, rng, marker_);
    f_->minibatch_gradient(x_, rows_, grad_);  // online: (1/b) sum over a fresh large batch
    work = f_->minibatch_work(rows_);
  }
  return encode_dense(grad_, wire_);
}

Message VrMarinaWorker::compressed_difference(const Downlink& downlink, Rng& rng, Work& work) {
  rows_ = sample_indices(f_->samples(), sampling_.small_batch, sampling_.with_replacement, rng, marker_);
  // The same samples at both points, so Delta^_i is a difference of one random function
  // and its variance scales with ||x^{k+1} - x^k||^2 (paper-notes §3.2).
  f_->minibatch_gradient(x_, rows_, grad_);
  f_->minibatch_gradient(x_previous_, rows_, grad_previous_);
  grad_ -= grad_previous_;
  work = f_->minibatch_work(rows_);
  work += f_->minibatch_work(rows_);
  work.flops += static_cast<double>(x_.size());
  return q_->compress(grad_, rng, CompressionContext{index_, workers_, downlink.shared_seed});
}

Index resolve_small_batch(const MethodSpec& spec, Index m) {
  if (spec.batch_size > 0) return spec.batch_size;
  if (!(spec.batch_fraction > 0 && spec.batch_fraction <= 1))
    throw InputError("", "batch_fraction = " + std::to_string(spec.batch_fraction) + " (expected 0 < fraction <= 1)");
  return ceil_fraction(spec.batch_fraction, m);
}

Index resolve_large_batch(const MethodSpec& spec, Index m) {
  return spec.large_batch > 0 ? spec.large_batch : ceil_fraction(0.1, m);
}

MethodInstance build_vr_marina(ResolvedParameters parameters, const MethodContext& ctx, const VrSampling& sampling) {
  const auto& obj = ctx.objective;
  MethodInstance m;
  m.parameters = std::move(parameters);
  const double gamma = m.parameters.step_size;
  m.server = std::make_unique<MarinaServer>(ctx.x0, gamma, *m.parameters.p, obj.workers(), ctx.wire,
                                              ctx.compressor.correlated());
  for (int i = 0; i < obj.workers(); ++i)
    m.workers.push_back(std::make_unique<VrMarinaWorker>(i, obj.workers(), obj.local_ptr(i), ctx.compressor.clone(),
                                                         ctx.x0, gamma, ctx.wire, sampling));
  return m;
}

MethodInstance make_vr_marina(const MethodSpec& spec, const MethodContext& ctx) {
  const auto& obj = ctx.objective;
  const Index d = obj.dim();
  const Index m = obj.min_local_samples();
  const Index b = resolve_small_batch(spec, m);
  if (b > m)
    throw InputError("", "batch_size b' = " + std::to_string(b) + " exceeds the smallest shard (" + std::to_string(m) +
                             " samples); the finite-sum minibatch is drawn without replacement");
  ResolvedParameters prm;
  prm.method = "vr_marina";
  prm.smoothness = obj.smoothness();
  prm.omega = ctx.compressor.omega(d);
  prm.zeta = ctx.compressor.expected_density(d);
  prm.batch_size = static_cast<double>(b);
  prm.p = spec.p.resolve(theory::vr_marina_p(prm.omega, static_cast<double>(b), static_cast<double>(m)));
  // 𝓛 = L: for this loss L_ij <= L_i (marina_variants.hpp).
  const double L = prm.smoothness;
  const double theory_step =
      spec.mu > 0 ? theory::vr_marina_pl_step(L, L, *prm.p, prm.omega, obj.workers(), static_cast<double>(b), spec.mu)
                  : theory::vr_marina_step(L, L, *prm.p, prm.omega, obj.workers(), static_cast<double>(b));
  prm.step_size = spec.step_size.resolve(theory_step);
  return build_vr_marina(std::move(prm), ctx, VrSampling{b, 0, false});
}

MethodDescription describe_vr_marina() {
  MethodDescription m;
  m.name = "vr_marina";
  m.title = "VR-MARINA";
  m.family = "MARINA";
  m.summary = "MARINA with minibatch differences of b' samples, finite sum (Algorithm 2, paper-notes §2.2)";
  m.reads = {{"method.batch_size", ""}, {"method.batch_fraction", ""}, {"method.p", "a dense round"}, {"method.mu", ""}, {"wire.downlink", ""}};
  m.compressor = CompressorNeed::unbiased;
  m.faults = FaultPolicy::survivor;
  m.theory = {"method.step_size", "method.p"};
  m.advise = {"rand_k", false};
  m.make = make_vr_marina;
  return m;
}

}  // namespace marina

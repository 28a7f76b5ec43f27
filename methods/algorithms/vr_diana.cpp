#include "methods/algorithms/vr_diana.hpp"

#include <boost/random/bernoulli_distribution.hpp>

#include "methods/algorithms/baseline_common.hpp"
#include "methods/algorithms/shared_step.hpp"
#include "methods/compressors/rand_k.hpp"
#include "methods/theory/baselines.hpp"

namespace marina {

namespace {
constexpr std::uint64_t kCoinBits = 1;  // u_k travels with ghat^{k-1}
}

VrDianaServer::VrDianaServer(Vec x0, double gamma, double alpha, double p_ref, int n, WireFormat wire, bool correlated)
    : x_(std::move(x0)),
      h_(Vec::Zero(x_.size())),
      gamma_(gamma),
      alpha_(alpha),
      p_ref_(p_ref),
      n_(n),
      wire_(wire),
      correlated_(correlated) {}

RoundPlan VrDianaServer::plan(std::int64_t round, Rng& rng) {
  // As MARINA's coin: drawn every round k >= 1 even when p_ref = 1, so the server's
  // stream does not depend on p_ref's value.
  bool refresh = false;
  if (round > 0) refresh = boost::random::bernoulli_distribution<double>(p_ref_)(rng);
  RoundPlan plan{all_workers(n_), seeded_downlink(round, refresh, round == 0 ? 0 : kCoinBits,
                                                  round == 0 ? nullptr : &g_, wire_, correlated_, rng)};
  apply_step(*plan.downlink, gamma_, x_);
  return plan;
}

Work VrDianaServer::aggregate(std::span<const Uplink> uplinks) {
  // Faults: a lost message leaves that worker's shift stale on both sides (as DIANA).
  sum_over_workers(uplinks, x_.size(), n_, mean_);
  g_ = h_ + mean_;       // ghat^k = h^k + (1/n) sum_i m_i^k
  h_ += alpha_ * mean_;  // h^{k+1} = h^k + alpha (1/n) sum_i m_i^k
  return Work{0, aggregation_flops(uplinks, x_.size()) + 3.0 * static_cast<double>(x_.size())};
}

DownlinkPtr VrDianaServer::resync_downlink(const DownlinkPtr& planned) const {
  return with_models(*planned, x_, nullptr);
}

// As DIANA's: the resumed round steps with the checkpoint's direction.
void VrDianaServer::rebuild_from_workers(std::span<const Uplink> shifts) {
  sum_over_workers(shifts, x_.size(), n_, h_);  // h = (1/n) sum_i h_i, a lost h_i counted as 0
}

VrDianaWorker::VrDianaWorker(int index, int n, std::shared_ptr<const Objective> f, std::unique_ptr<Compressor> q,
                             Vec x0, double gamma, double alpha, Index batch)
    : index_(index),
      n_(n),
      f_(std::move(f)),
      q_(std::move(q)),
      x_(std::move(x0)),
      h_(Vec::Zero(x_.size())),
      gamma_(gamma),
      alpha_(alpha),
      batch_(batch) {}

void VrDianaWorker::refresh_reference(Work& work) {
  w_ = x_;
  f_->gradient(w_, mu_);  // m oracle calls
  work += f_->gradient_work();
}

Uplink VrDianaWorker::step(const Downlink& downlink, Rng& rng) {
  enter_round(downlink, gamma_, x_);
  Work work;
  // A worker that missed round 0 takes its first reference point when it rejoins.
  if (downlink.round == 0 || w_.size() == 0) refresh_reference(work);
  // L-SVRG estimator: the same b' rows at x^k and at w_i (2 b' oracle calls).
  const std::vector<Index> rows = sample_subset(f_->samples(), batch_, rng, marker_);
  f_->minibatch_gradient(x_, rows, at_x_);
  f_->minibatch_gradient(w_, rows, at_w_);
  work += f_->minibatch_work(rows);
  work += f_->minibatch_work(rows);
  estimate_ = at_x_ - at_w_ + mu_ - h_;  // g_i^k - h_i^k
  Message message = q_->compress(estimate_, rng, compression_context(downlink, index_, n_));
  h_before_ = h_;              // kept for uplink_lost()
  message.add_to(h_, alpha_);  // the decoded message, exactly as the server folds it in
  work.flops += 4.0 * static_cast<double>(x_.size());
  // The coin of round k moves the reference only after g_i^k used the old one (L-SVRG).
  if (downlink.coin) refresh_reference(work);
  return Uplink{index_, std::move(message), work};
}

void VrDianaWorker::uplink_lost() { h_.swap(h_before_); }

Message VrDianaWorker::mirrored_state() const { return encode_exact(h_); }

void VrDianaWorker::forget_mirrored_state() { h_.setZero(); }

MethodInstance make_vr_diana(const MethodSpec& spec, const MethodContext& ctx) {
  const auto& obj = ctx.objective;
  const Index d = obj.dim();
  require_unbiased(ctx.compressor, "vr_diana");
  const Index batch = resolve_batch_size(spec, obj);
  const double m_vr = theory::vr_diana_epoch(static_cast<double>(obj.min_local_samples()), static_cast<double>(batch));
  MethodInstance m;
  auto& prm = m.parameters;
  prm.method = "vr_diana";
  prm.smoothness = obj.smoothness();
  prm.omega = ctx.compressor.omega(d);
  prm.zeta = ctx.compressor.expected_density(d);
  prm.batch_size = static_cast<double>(batch);
  prm.p = checked_probability(spec.p.resolve(theory::vr_diana_p(m_vr)));
  prm.alpha = spec.alpha.resolve(theory::vr_diana_alpha(prm.omega));
  prm.step_size = spec.step_size.resolve(theory::vr_diana_step(prm.smoothness, prm.omega, obj.workers(), m_vr));
  const int n = obj.workers();
  m.server = std::make_unique<VrDianaServer>(ctx.x0, prm.step_size, *prm.alpha, *prm.p, n, ctx.wire,
                                             ctx.compressor.correlated());
  for (int i = 0; i < n; ++i)
    m.workers.push_back(std::make_unique<VrDianaWorker>(i, n, obj.local_ptr(i), ctx.compressor.clone(), ctx.x0,
                                                        prm.step_size, *prm.alpha, batch));
  return m;
}

MethodDescription describe_vr_diana() {
  MethodDescription m;
  m.name = "vr_diana";
  m.title = "VR-DIANA";
  m.family = "DIANA";
  m.summary = "DIANA with L-SVRG minibatch estimators of b' samples (paper-notes §2.8)";
  m.reads = {{"method.batch_size", ""}, {"method.batch_fraction", ""}, {"method.p", "a reference refresh"}, {"method.alpha", ""}};
  m.compressor = CompressorNeed::unbiased;
  m.faults = FaultPolicy::stale_state;
  m.theory = {"method.step_size", "method.p", "method.alpha"};
  m.advise = {"rand_k", false};
  m.make = make_vr_diana;
  return m;
}

}  // namespace marina

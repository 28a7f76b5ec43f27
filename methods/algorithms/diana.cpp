#include "methods/algorithms/diana.hpp"

#include "methods/algorithms/baseline_common.hpp"
#include "methods/algorithms/shared_step.hpp"
#include "methods/theory/step_sizes.hpp"

namespace marina {

DianaServer::DianaServer(Vec x0, double gamma, double alpha, int n, WireFormat wire, bool correlated)
    : x_(std::move(x0)), h_(Vec::Zero(x_.size())), gamma_(gamma), alpha_(alpha), n_(n), wire_(wire),
      correlated_(correlated) {}

RoundPlan DianaServer::plan(std::int64_t round, Rng& rng) {
  RoundPlan plan{all_workers(n_),
                 seeded_downlink(round, false, 0, round == 0 ? nullptr : &g_, wire_, correlated_, rng)};
  apply_step(*plan.downlink, gamma_, x_);
  return plan;
}

Work DianaServer::aggregate(std::span<const Uplink> uplinks) {
  // Faults: a worker whose message was lost keeps its stale shift h_i on both sides, so
  // g^k = (1/n) [sum over arrived (h_i + m_i) + sum over lost h_i].
  sum_over_workers(uplinks, x_.size(), n_, mean_);
  g_ = h_ + mean_;           // g^k = h^k + (1/n) sum_i m_i^k
  h_ += alpha_ * mean_;      // h^{k+1} = h^k + alpha (1/n) sum_i m_i^k
  return Work{0, aggregation_flops(uplinks, x_.size()) + 3.0 * static_cast<double>(x_.size())};
}

DownlinkPtr DianaServer::resync_downlink(const DownlinkPtr& planned) const {
  return with_models(*planned, x_, nullptr);
}

// The resumed round still steps with the checkpoint's g^k; its messages are folded into
// the workers' own shifts.
void DianaServer::rebuild_from_workers(std::span<const Uplink> shifts) {
  sum_over_workers(shifts, x_.size(), n_, h_);  // h = (1/n) sum_i h_i, a lost h_i counted as 0
}

DianaWorker::DianaWorker(int index, int n, std::shared_ptr<const Objective> f, std::unique_ptr<Compressor> q,
                         Vec x0, double gamma, double alpha, WireFormat wire)
    : index_(index), n_(n), f_(std::move(f)), q_(std::move(q)), x_(std::move(x0)), h_(Vec::Zero(x_.size())),
      gamma_(gamma), alpha_(alpha), wire_(wire) {}

Uplink DianaWorker::step(const Downlink& downlink, Rng& rng) {
  enter_round(downlink, gamma_, x_);
  f_->gradient(x_, grad_);
  difference_ = grad_ - h_;
  Message message = q_->compress(difference_, rng, compression_context(downlink, index_, n_));
  h_before_ = h_;              // kept for uplink_lost()
  message.add_to(h_, alpha_);  // the decoded message, exactly as the server folds it in
  Work work = f_->gradient_work();
  work.flops += 3.0 * static_cast<double>(x_.size());
  return Uplink{index_, std::move(message), work};
}

void DianaWorker::uplink_lost() { h_.swap(h_before_); }

Message DianaWorker::mirrored_state() const { return encode_exact(h_); }

void DianaWorker::forget_mirrored_state() { h_.setZero(); }

MethodInstance make_diana(const MethodSpec& spec, const MethodContext& ctx) {
  const auto& obj = ctx.objective;
  const Index d = obj.dim();
  MethodInstance m;
  auto& prm = m.parameters;
  prm.method = "diana";
  prm.smoothness = obj.smoothness();
  prm.omega = ctx.compressor.omega(d);
  prm.zeta = ctx.compressor.expected_density(d);
  prm.alpha = spec.alpha.resolve(theory::diana_alpha(prm.omega));
  prm.step_size = spec.step_size.resolve(theory::diana_step(prm.smoothness, prm.omega, obj.workers()));
  m.server = std::make_unique<DianaServer>(ctx.x0, prm.step_size, *prm.alpha, obj.workers(), ctx.wire,
                                           ctx.compressor.correlated());
  for (int i = 0; i < obj.workers(); ++i)
    m.workers.push_back(std::make_unique<DianaWorker>(i, obj.workers(), obj.local_ptr(i), ctx.compressor.clone(),
                                                      ctx.x0, prm.step_size, *prm.alpha, ctx.wire));
  return m;
}

MethodDescription describe_diana() {
  MethodDescription m;
  m.name = "diana";
  m.title = "DIANA";
  m.family = "DIANA";
  m.summary = "workers send Q_i(grad f_i(x^k) - h_i) and learn shifts h_i (paper-notes §2.7)";
  m.reads = {{"method.alpha", ""}};
  m.compressor = CompressorNeed::unbiased;
  m.faults = FaultPolicy::stale_state;
  m.theory = {"method.step_size", "method.alpha"};
  m.advise = {"rand_k", true};
  m.make = make_diana;
  return m;
}

}  // namespace marina

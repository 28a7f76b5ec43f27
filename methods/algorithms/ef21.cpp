#include "methods/algorithms/ef21.hpp"

#include "methods/algorithms/baseline_common.hpp"
#include "methods/algorithms/shared_step.hpp"
#include "methods/compressors/identity.hpp"
#include "methods/theory/baselines.hpp"

namespace marina {

Ef21Server::Ef21Server(Vec x0, double gamma, double scale, int n, WireFormat wire, bool correlated)
    : x_(std::move(x0)), gamma_(gamma), scale_(scale), n_(n), wire_(wire), correlated_(correlated) {}

RoundPlan Ef21Server::plan(std::int64_t round, Rng& rng) {
  round_ = round;
  // Round 0 is dense, so only the compressed rounds need a shared seed.
  const bool seed = correlated_ && round > 0;
  RoundPlan plan{all_workers(n_), seeded_downlink(round, false, 0, round == 0 ? nullptr : &g_, wire_, seed, rng)};
  apply_step(*plan.downlink, gamma_, x_);
  return plan;
}

Work Ef21Server::aggregate(std::span<const Uplink> uplinks) {
  // Faults: a lost message leaves that worker's g_i as it was on both sides (g_i^0 = 0
  // when round 0's was lost), so the server keeps g = (1/n) sum_i g_i.
  sum_over_workers(uplinks, x_.size(), n_, mean_);
  if (round_ == 0) {
    g_ = mean_;  // g^0 = (1/n) sum_i grad f_i(x^0)
  } else {
    if (rebuilt_) g_ = std::move(*rebuilt_);  // after a server restart: the workers' sum
    rebuilt_.reset();
    g_ += scale_ * mean_;  // g^{k} = g^{k-1} + (1/n) sum_i c_i^k
  }
  return Work{0, aggregation_flops(uplinks, x_.size()) + 2.0 * static_cast<double>(x_.size())};
}

DownlinkPtr Ef21Server::resync_downlink(const DownlinkPtr& planned) const {
  return with_models(*planned, x_, nullptr);
}

// The step of the round being resumed is the checkpoint's: x^{k+1} = x^k - gamma g^k, as
// the run without the crash took it. Only the sum that round's messages are added to must
// be the workers' own, newer than the checkpoint's: (1/n) sum_i g_i, a lost g_i counted as 0.
void Ef21Server::rebuild_from_workers(std::span<const Uplink> states) {
  rebuilt_.emplace();
  sum_over_workers(states, x_.size(), n_, *rebuilt_);
}

Ef21Worker::Ef21Worker(int index, int n, std::shared_ptr<const Objective> f, std::unique_ptr<Compressor> c, Vec x0,
                       double gamma, double scale, WireFormat wire)
    : index_(index),
      n_(n),
      f_(std::move(f)),
      c_(std::move(c)),
      x_(std::move(x0)),
      g_(Vec::Zero(x_.size())),
      gamma_(gamma),
      scale_(scale),
      wire_(wire) {}

Uplink Ef21Worker::step(const Downlink& downlink, Rng& rng) {
  enter_round(downlink, gamma_, x_);
  f_->gradient(x_, grad_);
  Work work = f_->gradient_work();
  g_before_ = g_;  // kept for uplink_lost()
  if (downlink.round == 0) {
    Message message = encode_dense(grad_, wire_);
    g_ = message.dense;  // the decoded g_i^0, as the server sees it
    return Uplink{index_, std::move(message), work};
  }
  difference_ = grad_ - g_;
  Message message = c_->compress(difference_, rng, compression_context(downlink, index_, n_));
  message.add_to(g_, scale_);  // g_i += C(...), with C = scale * (decoded message)
  work.flops += 3.0 * static_cast<double>(x_.size());
  return Uplink{index_, std::move(message), work};
}

void Ef21Worker::uplink_lost() { g_.swap(g_before_); }

Message Ef21Worker::mirrored_state() const { return encode_exact(g_); }

void Ef21Worker::forget_mirrored_state() { g_.setZero(); }

MethodInstance make_ef21(const MethodSpec& spec, const MethodContext& ctx) {
  const auto& obj = ctx.objective;
  const Index d = obj.dim();
  const Compressor& q = ctx.compressor;
  MethodInstance m;
  auto& prm = m.parameters;
  prm.method = "ef21";
  prm.smoothness = obj.smoothness();
  prm.omega = q.omega(d);  // NaN for a contractive-only compressor such as TopK
  prm.zeta = q.expected_density(d);
  // Reported as alpha: here the contractive parameter of C, not a shift step size.
  const double alpha = q.alpha(d);
  prm.alpha = alpha;
  // C = Q/(1+omega) for an unbiased Q (paper-notes §2.9), whose alpha is 1/(1+omega).
  const double scale = q.unbiased() ? 1.0 / (1.0 + q.omega(d)) : 1.0;
  prm.step_size = spec.step_size.resolve(theory::ef21_step(mean_local_smoothness(obj), prm.smoothness, alpha));
  const int n = obj.workers();
  m.server = std::make_unique<Ef21Server>(ctx.x0, prm.step_size, scale, n, ctx.wire, q.correlated());
  for (int i = 0; i < n; ++i)
    m.workers.push_back(
        std::make_unique<Ef21Worker>(i, n, obj.local_ptr(i), q.clone(), ctx.x0, prm.step_size, scale, ctx.wire));
  return m;
}

MethodDescription describe_ef21() {
  MethodDescription m;
  m.name = "ef21";
  m.title = "EF21";
  m.family = "EF21";
  m.summary = "error feedback: workers send C(grad f_i(x^k) - g_i) with a contractive C (paper-notes §2.9)";
  m.reads = {};
  m.compressor = CompressorNeed::contractive;
  m.faults = FaultPolicy::stale_state;
  m.theory = {"method.step_size"};
  m.advise = {"top_k", true};
  m.make = make_ef21;
  return m;
}

}  // namespace marina

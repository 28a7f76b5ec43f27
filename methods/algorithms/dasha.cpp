#include "methods/algorithms/dasha.hpp"

#include <boost/random/bernoulli_distribution.hpp>

#include "methods/algorithms/baseline_common.hpp"
#include "methods/algorithms/shared_step.hpp"
#include "methods/compressors/rand_k.hpp"
#include "methods/theory/baselines.hpp"

namespace marina {

namespace {
constexpr std::uint64_t kCoinBits = 1;  // DASHA-PAGE's coin travels with g^{k-1}
}

DashaServer::DashaServer(Vec x0, double gamma, std::optional<double> page_p, int n, WireFormat wire, bool correlated)
    : x_(std::move(x0)),
      g_(Vec::Zero(x_.size())),
      gamma_(gamma),
      page_p_(page_p),
      n_(n),
      wire_(wire),
      correlated_(correlated) {}

RoundPlan DashaServer::plan(std::int64_t round, Rng& rng) {
  // Round 0 only caches gradients; the coin and the seed are for the compressed rounds.
  bool full = false;
  if (page_p_ && round > 0) full = boost::random::bernoulli_distribution<double>(*page_p_)(rng);
  const std::uint64_t coin_bits = page_p_ && round > 0 ? kCoinBits : 0;
  RoundPlan plan{all_workers(n_), seeded_downlink(round, full, coin_bits, round == 0 ? nullptr : &g_, wire_,
                                                  correlated_ && round > 0, rng)};
  if (page_p_) x_previous_ = x_;
  apply_step(*plan.downlink, gamma_, x_);
  return plan;
}

DownlinkPtr DashaServer::resync_downlink(const DownlinkPtr& planned) const {
  // DASHA-PAGE's compressed rounds take a minibatch difference at x^k and x^{k-1}.
  const bool page_difference = page_p_ && planned->round > 0 && !planned->coin;
  return with_models(*planned, x_, page_difference ? &x_previous_ : nullptr);
}

// As EF21's: the resumed round steps with the checkpoint's g; its messages are added to the
// workers' own sum (1/n) sum_i g_i, a lost g_i counted as 0.
void DashaServer::rebuild_from_workers(std::span<const Uplink> states) {
  rebuilt_.emplace();
  sum_over_workers(states, x_.size(), n_, *rebuilt_);
}

Work DashaServer::aggregate(std::span<const Uplink> uplinks) {
  // Faults: a lost message leaves that worker's g_i as it was on both sides (as EF21).
  sum_over_workers(uplinks, x_.size(), n_, mean_);  // all empty in round 0: g^0 stays 0
  if (rebuilt_) g_ = std::move(*rebuilt_);  // after a server restart: the workers' sum
  rebuilt_.reset();
  g_ += mean_;  // g^{k} = g^{k-1} + (1/n) sum_i m_i^k
  return Work{0, aggregation_flops(uplinks, x_.size()) + static_cast<double>(x_.size())};
}

DashaWorker::DashaWorker(int index, int n, std::shared_ptr<const Objective> f, std::unique_ptr<Compressor> q, Vec x0,
                         double gamma, double momentum, Index batch)
    : index_(index),
      n_(n),
      f_(std::move(f)),
      q_(std::move(q)),
      x_(std::move(x0)),
      g_(Vec::Zero(x_.size())),
      gamma_(gamma),
      momentum_(momentum),
      batch_(batch) {}

Work DashaWorker::next_estimate(const Downlink& downlink, Rng& rng) {
  if (batch_ == 0 || downlink.coin) {
    f_->gradient(x_, h_new_);
    return f_->gradient_work();
  }
  // PAGE: the same b' rows at x^k and x^{k-1} (2 b' oracle calls).
  const std::vector<Index> rows = sample_subset(f_->samples(), batch_, rng, marker_);
  f_->minibatch_gradient(x_, rows, at_x_);
  f_->minibatch_gradient(x_previous_, rows, at_previous_);
  h_new_ = h_ + at_x_ - at_previous_;
  Work work = f_->minibatch_work(rows);
  work += f_->minibatch_work(rows);
  work.flops += 2.0 * static_cast<double>(x_.size());
  return work;
}

Uplink DashaWorker::step(const Downlink& downlink, Rng& rng) {
  g_before_ = g_;                    // kept for uplink_lost()
  if (batch_ > 0) x_previous_ = x_;  // x^{k-1}, for the PAGE difference
  if (enter_round(downlink, gamma_, x_) && downlink.previous_model.kind != Message::Kind::empty)
    x_previous_ = downlink.previous_model.dense;
  if (downlink.round == 0) {
    f_->gradient(x_, h_);  // h_i^0 = grad f_i(x^0); g_i^0 = 0 needs no message
    return Uplink{index_, Message::empty_message(), f_->gradient_work()};
  }
  Work work;
  if (h_.size() == 0) {  // round 0 was missed (a fault): start h_i where round 0 would have
    f_->gradient(batch_ > 0 ? x_previous_ : x_, h_);
    work += f_->gradient_work();
  }
  work += next_estimate(downlink, rng);
  difference_ = h_new_ - h_ - momentum_ * (g_ - h_);
  Message message = q_->compress(difference_, rng, compression_context(downlink, index_, n_));
  message.add_to(g_);  // g_i^{k} = g_i^{k-1} + m_i, with the decoded m_i the server adds
  h_.swap(h_new_);
  work.flops += 5.0 * static_cast<double>(x_.size());
  return Uplink{index_, std::move(message), work};
}

void DashaWorker::uplink_lost() { g_.swap(g_before_); }

Message DashaWorker::mirrored_state() const { return encode_exact(g_); }

void DashaWorker::forget_mirrored_state() { g_.setZero(); }

namespace {

MethodInstance build(const MethodContext& ctx, ResolvedParameters prm, std::optional<double> page_p, Index batch) {
  const auto& obj = ctx.objective;
  const int n = obj.workers();
  MethodInstance m;
  m.server = std::make_unique<DashaServer>(ctx.x0, prm.step_size, page_p, n, ctx.wire, ctx.compressor.correlated());
  for (int i = 0; i < n; ++i)
    m.workers.push_back(std::make_unique<DashaWorker>(i, n, obj.local_ptr(i), ctx.compressor.clone(), ctx.x0,
                                                      prm.step_size, *prm.momentum, batch));
  m.parameters = std::move(prm);
  return m;
}

ResolvedParameters common_parameters(const std::string& name, const MethodContext& ctx) {
  const auto& obj = ctx.objective;
  require_unbiased(ctx.compressor, name);
  ResolvedParameters prm;
  prm.method = name;
  prm.smoothness = obj.smoothness();
  prm.omega = ctx.compressor.omega(obj.dim());
  prm.zeta = ctx.compressor.expected_density(obj.dim());
  prm.momentum = theory::dasha_momentum(prm.omega);
  return prm;
}

}  // namespace

MethodInstance make_dasha(const MethodSpec& spec, const MethodContext& ctx) {
  const auto& obj = ctx.objective;
  ResolvedParameters prm = common_parameters("dasha", ctx);
  prm.step_size =
      spec.step_size.resolve(theory::dasha_step(mean_local_smoothness(obj), prm.smoothness, prm.omega, obj.workers()));
  return build(ctx, std::move(prm), std::nullopt, 0);
}

MethodInstance make_dasha_page(const MethodSpec& spec, const MethodContext& ctx) {
  const auto& obj = ctx.objective;
  ResolvedParameters prm = common_parameters("dasha_page", ctx);
  const Index batch = resolve_batch_size(spec, obj);
  const double b = static_cast<double>(batch);
  prm.batch_size = b;
  const double p =
      checked_probability(spec.p.resolve(theory::dasha_page_p(static_cast<double>(obj.min_local_samples()), b)));
  prm.p = p;
  prm.step_size = spec.step_size.resolve(theory::dasha_page_step(
      mean_local_smoothness(obj), prm.smoothness, obj.max_local_smoothness(), prm.omega, obj.workers(), p, b));
  return build(ctx, std::move(prm), p, batch);
}

MethodDescription describe_dasha() {
  MethodDescription m;
  m.name = "dasha";
  m.title = "DASHA";
  m.family = "DASHA";
  m.summary = "compressed momentum-corrected differences, no dense rounds (paper-notes §2.10)";
  m.reads = {};
  m.compressor = CompressorNeed::unbiased;
  m.faults = FaultPolicy::stale_state;
  m.theory = {"method.step_size"};
  m.advise = {"rand_k", true};
  m.make = make_dasha;
  return m;
}

MethodDescription describe_dasha_page() {
  MethodDescription m;
  m.name = "dasha_page";
  m.title = "DASHA-PAGE";
  m.family = "DASHA";
  m.summary = "DASHA with PAGE minibatch estimators: a full gradient with probability p, else b' samples (paper-notes §2.10)";
  m.reads = {{"method.batch_size", ""}, {"method.batch_fraction", ""}, {"method.p", "a dense round"}};
  m.compressor = CompressorNeed::unbiased;
  m.faults = FaultPolicy::stale_state;
  m.theory = {"method.step_size", "method.p"};
  m.advise = {"rand_k", false};
  m.make = make_dasha_page;
  return m;
}

}  // namespace marina

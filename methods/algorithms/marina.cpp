#include "methods/algorithms/marina.hpp"

#include <boost/random/bernoulli_distribution.hpp>

#include "methods/algorithms/marina_downlink.hpp"
#include "methods/algorithms/shared_step.hpp"
#include "methods/compressors/identity.hpp"
#include "methods/theory/marina_variants.hpp"
#include "methods/theory/step_sizes.hpp"

namespace marina {

namespace {
constexpr std::uint64_t kCoinBits = 1;   // c_k travels with g^k
constexpr std::uint64_t kSeedBits = 64;  // the shared seed of a correlated compressor
}

MarinaServer::MarinaServer(Vec x0, double gamma, double p, int n, WireFormat wire, bool correlated)
    : x_(std::move(x0)),
      g_(Vec::Zero(x_.size())),
      gamma_(gamma),
      p_(p),
      n_(n),
      wire_(wire),
      correlated_(correlated),
      delta_(wire.downlink == DownlinkEncoding::delta),
      pending_(unchanged_update(x_.size(), wire)) {}

RoundPlan MarinaServer::plan(std::int64_t round, Rng& rng) {
  auto down = std::make_shared<Downlink>();
  down->round = round;
  down->coin = true;  // round 0: every worker sends grad f_i(x^0)
  if (round > 0) {
    // The coin is drawn for every round after the first, even when p = 1, and so is the
    // seed of a correlated compressor, so the server's random stream depends on neither p
    // nor the coin. The seed travels only when the workers compress with it.
    down->coin = boost::random::bernoulli_distribution<double>(p_)(rng);
    const std::uint64_t seed = correlated_ ? rng() : 0;
    down->direction = delta_ ? pending_ : encode_dense(g_, wire_);
    down->control_bits = kCoinBits + (delta_ ? kDeltaEncodingFlagBits : 0);
    if (correlated_ && !down->coin) {
      down->shared_seed = seed;
      down->control_bits += kSeedBits;
    }
  }
  last_ = down;
  x_previous_ = x_;
  if (!delta_) {
    apply_step(*last_, gamma_, x_);
  } else if (round > 0) {
    x_.noalias() -= gamma_ * g_;  // g_ already holds what the workers rebuild from pending_
  }
  return RoundPlan{all_workers(n_), last_};
}

Work MarinaServer::aggregate(std::span<const Uplink> uplinks) {
  if (delta_) return aggregate_delta(uplinks);
  // Faults: the survivors are averaged, as PP-MARINA averages its r clients (1/n becomes
  // 1 over the number that arrived); none arrived: g^{k+1} = g^k.
  if (uplinks.empty()) return Work{};
  average_uplinks(uplinks, x_.size(), mean_);
  if (last_->coin) {
    g_ = mean_;  // g^{k+1} = (1/n) sum_i grad f_i(x^{k+1})
  } else {
    g_ = last_->direction.dense + mean_;  // g^{k+1} = g^k + (1/n) sum_i Q_i(Delta_i^k)
  }
  return Work{0, aggregation_flops(uplinks, x_.size())};
}

// The same estimator, but the next downlink carries only the update of g (marina_downlink.hpp),
// and g_ becomes what every worker rebuilds from it.
Work MarinaServer::aggregate_delta(std::span<const Uplink> uplinks) {
  if (uplinks.empty()) {
    pending_ = unchanged_update(x_.size(), wire_);  // g^{k+1} = g^k
    return Work{};
  }
  average_uplinks(uplinks, x_.size(), mean_);
  if (last_->coin) {
    pending_ = encode_dense(mean_, wire_);  // g^{k+1} = (1/n) sum_i grad f_i(x^{k+1})
  } else {
    pending_ = compressed_round_update(g_, mean_, uplinks, wire_);  // g^k + (1/n) sum_i Q_i(Delta_i^k)
  }
  apply_update(pending_, g_);
  return Work{0, aggregation_flops(uplinks, x_.size())};
}

std::uint64_t MarinaServer::snapshot_bytes() const {
  // x^k and g^{k+1}; under the delta downlink also the update the next downlink carries.
  // (x^{k-1} and the last downlink are set again by the next plan() before anything reads them.)
  return checkpoint_bytes(x_) + checkpoint_bytes(g_) + (delta_ ? checkpoint_bytes(pending_) : 0);
}

DownlinkPtr MarinaServer::resync_downlink(const DownlinkPtr& planned) const {
  // A compressed round needs grad f_i(x^k) too, which the rejoining worker no longer has.
  auto resync = with_models(*planned, x_, planned->coin ? nullptr : &x_previous_);
  if (!delta_) return resync;
  // Delta downlink: the worker cannot apply an increment to a g it no longer holds; it gets
  // the g^{k-1} every party holds, in f64 (it need not be representable at the wire
  // precision), so that it can add the next round's increment to it.
  auto d = std::make_shared<Downlink>(*resync);
  d->direction = encode_dense(g_, WireFormat{Precision::f64, IndexEncoding::none, false});
  return d;
}

MarinaWorker::MarinaWorker(int index, int workers, std::shared_ptr<const Objective> f,
                           std::unique_ptr<Compressor> q, Vec x0, double gamma, WireFormat wire)
    : index_(index),
      workers_(workers),
      f_(std::move(f)),
      q_(std::move(q)),
      x_(std::move(x0)),
      held_direction_(Vec::Zero(x_.size())),
      gamma_(gamma),
      wire_(wire) {}

Uplink MarinaWorker::step(const Downlink& downlink, Rng& rng) {
  const bool resync = wire_.downlink == DownlinkEncoding::delta ? enter_round(downlink, gamma_, x_, held_direction_)
                                                                : enter_round(downlink, gamma_, x_);
  f_->gradient(x_, grad_current_);
  Work work = f_->gradient_work();
  if (resync && !downlink.coin) {
    f_->gradient(downlink.previous_model.dense, grad_previous_);  // the cache missed rounds
    work += f_->gradient_work();
  }
  Message message;
  if (downlink.coin) {
    message = encode_dense(grad_current_, wire_);
  } else {
    // grad f_i(x^k) is cached from the previous round: one gradient per round.
    difference_ = grad_current_ - grad_previous_;
    work.flops += static_cast<double>(x_.size());
    message = q_->compress(difference_, rng, CompressionContext{index_, workers_, downlink.shared_seed});
  }
  grad_previous_.swap(grad_current_);
  return Uplink{index_, std::move(message), work};
}

MethodInstance make_marina(const MethodSpec& spec, const MethodContext& ctx) {
  const auto& obj = ctx.objective;
  const Index d = obj.dim();
  MethodInstance m;
  auto& prm = m.parameters;
  prm.method = "marina";
  prm.smoothness = obj.smoothness();
  prm.omega = ctx.compressor.omega(d);
  prm.zeta = ctx.compressor.expected_density(d);
  prm.p = spec.p.resolve(theory::marina_p(prm.omega));
  const int n = obj.workers();
  // Theorem 2.2 (PL) when mu > 0, else Theorem 2.1 (paper-notes §3.1).
  const double theory_step = spec.mu > 0 ? theory::marina_pl_step(prm.smoothness, *prm.p, prm.omega, n, spec.mu)
                                         : theory::marina_step(prm.smoothness, *prm.p, prm.omega, n);
  prm.step_size = spec.step_size.resolve(theory_step);
  m.server = std::make_unique<MarinaServer>(ctx.x0, prm.step_size, *prm.p, n, ctx.wire,
                                            ctx.compressor.correlated());
  for (int i = 0; i < n; ++i)
    m.workers.push_back(std::make_unique<MarinaWorker>(i, n, obj.local_ptr(i), ctx.compressor.clone(),
                                                       ctx.x0, prm.step_size, ctx.wire));
  return m;
}

MethodDescription describe_marina() {
  MethodDescription m;
  m.name = "marina";
  m.title = "MARINA";
  m.family = "MARINA";
  m.summary = "compressed gradient differences, a dense round with probability p (Algorithm 1, paper-notes §2.1)";
  m.reads = {{"method.p", "a dense round"}, {"method.mu", ""}, {"wire.downlink", ""}};
  m.compressor = CompressorNeed::unbiased;
  m.faults = FaultPolicy::survivor;
  m.theory = {"method.step_size", "method.p"};
  m.advise = {"rand_k", true};
  m.make = make_marina;
  return m;
}

}  // namespace marina

#include "methods/algorithms/pp_marina.hpp"

#include <algorithm>
#include <boost/random/bernoulli_distribution.hpp>
#include <cassert>
#include <cstring>
#include <stdexcept>
#include <string>

#include "methods/algorithms/index_sampling.hpp"
#include "methods/algorithms/marina_downlink.hpp"
#include "methods/algorithms/shared_step.hpp"
#include "methods/common/input_error.hpp"
#include "methods/compressors/identity.hpp"
#include "methods/theory/marina_variants.hpp"

namespace marina {

namespace {

constexpr std::uint64_t kCoinBits = 1;   // c tells a client which message to send
constexpr std::uint64_t kSeedBits = 64;  // the shared seed of a correlated compressor
// Delta downlink: how many updates the log carries (they end at round k-1).
constexpr std::uint64_t kLogLengthBits = 32;
const WireFormat kExact{Precision::f64, IndexEncoding::none, false};

bool same_bits(const Vec& a, const Vec& b) {
  return a.size() == b.size() &&
         std::memcmp(a.data(), b.data(), static_cast<std::size_t>(a.size()) * sizeof(double)) == 0;
}

}  // namespace

PpMarinaServer::PpMarinaServer(Vec x0, double gamma, double p, int n, int r, bool with_replacement, WireFormat wire,
                               bool correlated)
    : x_(std::move(x0)),
      g_(Vec::Zero(x_.size())),
      gamma_(gamma),
      p_(p),
      n_(n),
      r_(r),
      with_replacement_(with_replacement),
      wire_(wire),
      correlated_(correlated),
      delta_(wire.downlink == DownlinkEncoding::delta),
      needed_(static_cast<std::size_t>(n), 0) {}

RoundPlan PpMarinaServer::plan(std::int64_t round, Rng& rng) {
  auto down = std::make_shared<Downlink>();
  down->round = round;
  down->coin = dense_ = true;
  round_ = round;
  if (round == 0) return RoundPlan{all_workers(n_), down};  // everybody starts from x^0

  x_previous_ = x_;
  x_.noalias() -= gamma_ * g_;  // x^k = x^{k-1} - gamma g^{k-1}; g never leaves the server
  // Coin and seed are drawn every round, so the stream does not depend on their values;
  // the seed travels only when the chosen clients compress with it.
  down->coin = dense_ = boost::random::bernoulli_distribution<double>(p_)(rng);
  const std::uint64_t seed = correlated_ ? rng() : 0;
  if (delta_) {
    down->control_bits = kCoinBits + kDeltaEncodingFlagBits;
    if (correlated_ && !dense_) {
      down->shared_seed = seed;
      down->control_bits += kSeedBits;
    }
    RoundPlan plan{dense_ ? all_workers(n_) : draw_clients(rng), down};
    plan_delta(*down, plan.participants);
    return plan;
  }
  down->model = encode_dense(x_, wire_);
  x_ = down->model.dense;
  down->control_bits = kCoinBits;
  if (dense_) return RoundPlan{all_workers(n_), down};

  // x_previous_ is what the clients decoded last round (or x^0), so re-encoding it is exact.
  down->previous_model = encode_dense(x_previous_, wire_);
  if (correlated_) {
    down->shared_seed = seed;
    down->control_bits += kSeedBits;
  }
  return RoundPlan{draw_clients(rng), down};
}

void PpMarinaServer::plan_delta(Downlink& down, const std::vector<int>& participants) {
  std::int64_t oldest = round_;
  for (const int c : participants) oldest = std::min(oldest, needed_[static_cast<std::size_t>(c)]);
  // The log holds consecutive rounds from the oldest one any client needs (trimmed below).
  assert(!log_.empty() && log_.front().round <= oldest && log_.back().round == round_ - 1);
  std::uint64_t log_bits = kLogLengthBits;
  const auto first = log_.begin() + (oldest - log_.front().round);
  for (auto it = first; it != log_.end(); ++it) log_bits += it->message.bits;
  const std::uint64_t point_bits = kExact.dense_bits(x_.size()) * (dense_ ? 1 : 2);
  if (log_bits <= point_bits) {
    down.updates_from = oldest;
    down.control_bits += kLogLengthBits;
    for (auto it = first; it != log_.end(); ++it) down.updates.push_back(it->message);
  } else {
    carry_points(down);
  }
  for (const int c : participants) needed_[static_cast<std::size_t>(c)] = round_;
  // Every client participates in dense rounds, so the log empties at each one.
  const std::int64_t keep_from = *std::min_element(needed_.begin(), needed_.end());
  log_.erase(log_.begin(), log_.begin() + (keep_from - log_.front().round));
}

void PpMarinaServer::carry_points(Downlink& down) const {
  if (!down.updates.empty()) down.control_bits -= kLogLengthBits;
  down.updates.clear();
  if (dense_) {
    down.model = encode_dense(x_, kExact);  // x^k; the round's update of g is dense
  } else {
    down.previous_model = encode_dense(x_previous_, kExact);  // x^{k-1}
    down.direction = encode_dense(g_, kExact);                // g^{k-1}: the client steps to x^k
  }
}

std::vector<int> PpMarinaServer::draw_clients(Rng& rng) {
  const std::vector<Index> picked = sample_indices(n_, r_, with_replacement_, rng, marker_);
  return std::vector<int>(picked.begin(), picked.end());
}

Work PpMarinaServer::aggregate(std::span<const Uplink> uplinks) {
  // Faults: the mean over the clients whose uplink arrived; none arrived: g^k = g^{k-1}.
  if (delta_) {
    Message update;
    if (uplinks.empty()) {
      // After a dense round the update is g^k in full: a client may hold no g to add to.
      update = dense_ ? encode_dense(g_, wire_) : unchanged_update(x_.size(), wire_);
    } else {
      average_uplinks(uplinks, x_.size(), mean_);
      update = dense_ ? encode_dense(mean_, wire_) : compressed_round_update(g_, mean_, uplinks, wire_);
    }
    apply_update(update, g_);
    log_.push_back(Update{round_, std::move(update)});
    return Work{0, uplinks.empty() ? 0.0 : aggregation_flops(uplinks, x_.size())};
  }
  if (uplinks.empty()) return Work{};
  average_uplinks(uplinks, x_.size(), mean_);  // a client drawn twice counts twice
  if (dense_) {
    g_ = mean_;  // g^k = (1/n) sum_i grad f_i(x^k)
  } else {
    g_ += mean_;  // g^k = g^{k-1} + (1/r) sum_{i in I'_k} Q_i(grad f_i(x^k) - grad f_i(x^{k-1}))
  }
  return Work{0, aggregation_flops(uplinks, x_.size())};
}

std::uint64_t PpMarinaServer::snapshot_bytes() const {
  // x^k and g^k; under the delta downlink also the log of updates and, per client, the first
  // round it has not seen. (x^{k-1}, the coin and the round are set by the next plan().)
  std::uint64_t bytes = checkpoint_bytes(x_) + checkpoint_bytes(g_);
  if (!delta_) return bytes;
  for (const Update& u : log_) bytes += kCheckpointScalarBytes + checkpoint_bytes(u.message);
  return bytes + kCheckpointScalarBytes * needed_.size();
}

DownlinkPtr PpMarinaServer::resync_downlink(const DownlinkPtr& planned) const {
  // Dense downlink: every downlink after round 0 already carries x^k (and x^{k-1}).
  // Delta downlink: a client that missed a downlink may lack the rounds the log starts
  // from, so it gets the points instead (the simulator cannot tell a lost downlink from
  // rounds the client was not drawn for, so every client coming back gets them).
  if (!delta_ || planned->round == 0 || planned->updates.empty()) return planned;
  auto d = std::make_shared<Downlink>(*planned);
  carry_points(*d);
  return d;
}

PpMarinaWorker::PpMarinaWorker(int index, int workers, std::shared_ptr<const Objective> f,
                               std::unique_ptr<Compressor> q, Vec x0, double gamma, WireFormat wire)
    : index_(index),
      workers_(workers),
      f_(std::move(f)),
      q_(std::move(q)),
      x0_(std::move(x0)),
      x_(x0_),
      g_(Vec::Zero(x0_.size())),
      gamma_(gamma),
      wire_(wire) {}

const Vec& PpMarinaWorker::gradient_at(const Vec& point, Work& work) {
  for (CachedGradient& e : cache_) {
    if (e.last_use > 0 && same_bits(e.point, point)) {
      e.last_use = ++uses_;
      return e.gradient;
    }
  }
  // Evict the least recently used entry: never the one a caller is still holding.
  CachedGradient& e = cache_[0].last_use <= cache_[1].last_use ? cache_[0] : cache_[1];
  e.point = point;
  f_->gradient(point, e.gradient);
  work += f_->gradient_work();
  e.last_use = ++uses_;
  return e.gradient;
}

void PpMarinaWorker::catch_up(const Downlink& downlink) {
  const std::int64_t k = downlink.round;
  if (downlink.model.kind != Message::Kind::empty) {  // x^k in full (dense round)
    x_ = downlink.model.dense;
    g_round_ = -2;  // this round's update of g will be dense
  } else if (downlink.previous_model.kind != Message::Kind::empty) {  // x^{k-1}, g^{k-1}
    x_previous_ = downlink.previous_model.dense;
    g_ = downlink.direction.dense;
    g_round_ = k - 1;
    x_ = x_previous_;
    x_.noalias() -= gamma_ * g_;
  } else {
    // Replay the rounds since this client's last: g^t from the update of round t, then
    // x^{t+1} = x^t - gamma g^t, the server's own step on the same bits.
    for (std::size_t j = 0; j < downlink.updates.size(); ++j) {
      const std::int64_t t = downlink.updates_from + static_cast<std::int64_t>(j);
      if (t < x_round_) continue;  // a round this client already stepped through
      const Message& update = downlink.updates[j];
      if (!update.is_dense() && g_round_ != t - 1)
        throw std::logic_error("pp_marina client " + std::to_string(index_) + " has no g^" + std::to_string(t - 1) +
                               " to add round " + std::to_string(t) + "'s update to");
      apply_update(update, g_);
      g_round_ = t;
      x_previous_ = x_;
      x_.noalias() -= gamma_ * g_;
      x_round_ = t + 1;
    }
    if (x_round_ != k)
      throw std::logic_error("pp_marina client " + std::to_string(index_) + " reached round " +
                             std::to_string(x_round_) + " instead of " + std::to_string(k));
  }
  x_round_ = k;
}

Uplink PpMarinaWorker::step(const Downlink& downlink, Rng& rng) {
  Work work;
  const bool delta = wire_.downlink == DownlinkEncoding::delta;
  if (downlink.round == 0) {
    // Everyone starts from x^0, also a client that was further on when a restarted server
    // went back to the start (no checkpoint yet): what it rebuilt from the log is void.
    x_ = x0_;
    x_round_ = 0;
    g_round_ = -2;
  } else if (delta) {
    catch_up(downlink);
  }
  const Vec& x = downlink.round == 0 ? x0_ : delta ? x_ : downlink.model.dense;
  if (downlink.coin) return Uplink{index_, encode_dense(gradient_at(x, work), wire_), work};

  const Vec& previous = gradient_at(delta ? x_previous_ : downlink.previous_model.dense, work);
  const Vec& current = gradient_at(x, work);
  difference_ = current - previous;
  work.flops += static_cast<double>(x.size());
  Message message = q_->compress(difference_, rng, CompressionContext{index_, workers_, downlink.shared_seed});
  return Uplink{index_, std::move(message), work};
}

MethodInstance make_pp_marina(const MethodSpec& spec, const MethodContext& ctx) {
  const auto& obj = ctx.objective;
  const Index d = obj.dim();
  const int n = obj.workers();
  const int r = spec.clients;
  if (r < 1 || r > n)
    throw InputError("", "clients r = " + std::to_string(r) + " (expected 1 <= r <= n = " + std::to_string(n) + ")");
  MethodInstance m;
  auto& prm = m.parameters;
  prm.method = "pp_marina";
  prm.smoothness = obj.smoothness();
  prm.omega = ctx.compressor.omega(d);
  prm.zeta = ctx.compressor.expected_density(d);
  prm.clients = r;
  prm.p = spec.p.resolve(theory::pp_marina_p(prm.omega, r, n));
  const double L = prm.smoothness;
  const double theory_step = spec.mu > 0 ? theory::pp_marina_pl_step(L, *prm.p, prm.omega, r, spec.mu)
                                         : theory::pp_marina_step(L, *prm.p, prm.omega, r);
  prm.step_size = spec.step_size.resolve(theory_step);
  m.server = std::make_unique<PpMarinaServer>(ctx.x0, prm.step_size, *prm.p, n, r, spec.with_replacement, ctx.wire,
                                              ctx.compressor.correlated());
  for (int i = 0; i < n; ++i)
    m.workers.push_back(
        std::make_unique<PpMarinaWorker>(i, n, obj.local_ptr(i), ctx.compressor.clone(), ctx.x0, prm.step_size, ctx.wire));
  return m;
}

MethodDescription describe_pp_marina() {
  MethodDescription m;
  m.name = "pp_marina";
  m.title = "PP-MARINA";
  m.family = "MARINA";
  m.summary = "MARINA where r of n clients take part in a compressed round (Algorithm 4, paper-notes §2.4)";
  m.reads = {{"method.clients", ""}, {"method.sampling", ""}, {"method.p", "a dense round"}, {"method.mu", ""}, {"wire.downlink", ""}};
  m.compressor = CompressorNeed::unbiased;
  m.faults = FaultPolicy::survivor;
  m.theory = {"method.step_size", "method.p"};
  m.advise = {"rand_k", false};
  m.make = make_pp_marina;
  return m;
}

}  // namespace marina

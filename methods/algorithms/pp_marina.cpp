#include "methods/algorithms/pp_marina.hpp"

#include <boost/random/bernoulli_distribution.hpp>
#include <cstring>
#include <string>

#include "methods/algorithms/index_sampling.hpp"
#include "methods/algorithms/shared_step.hpp"
#include "methods/common/input_error.hpp"
#include "methods/compressors/identity.hpp"
#include "methods/theory/marina_variants.hpp"

namespace marina {

namespace {

constexpr std::uint64_t kCoinBits = 1;   // c tells a client which message to send
constexpr std::uint64_t kSeedBits = 64;  // the shared seed of a correlated compressor

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
      correlated_(correlated) {}

RoundPlan PpMarinaServer::plan(std::int64_t round, Rng& rng) {
  auto down = std::make_shared<Downlink>();
  down->round = round;
  down->coin = dense_ = true;
  if (round == 0) return RoundPlan{all_workers(n_), down};  // everybody starts from x^0

  x_previous_ = x_;
  x_.noalias() -= gamma_ * g_;  // x^k = x^{k-1} - gamma g^{k-1}; g never leaves the server
  // Coin and seed are drawn every round, so the stream does not depend on their values;
  // the seed travels only when the chosen clients compress with it.
  down->coin = dense_ = boost::random::bernoulli_distribution<double>(p_)(rng);
  const std::uint64_t seed = correlated_ ? rng() : 0;
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

std::vector<int> PpMarinaServer::draw_clients(Rng& rng) {
  const std::vector<Index> picked = sample_indices(n_, r_, with_replacement_, rng, marker_);
  return std::vector<int>(picked.begin(), picked.end());
}

Work PpMarinaServer::aggregate(std::span<const Uplink> uplinks) {
  // Faults: the mean over the clients whose uplink arrived; none arrived: g^k = g^{k-1}.
  if (uplinks.empty()) return Work{};
  average_uplinks(uplinks, x_.size(), mean_);  // a client drawn twice counts twice
  if (dense_) {
    g_ = mean_;  // g^k = (1/n) sum_i grad f_i(x^k)
  } else {
    g_ += mean_;  // g^k = g^{k-1} + (1/r) sum_{i in I'_k} Q_i(grad f_i(x^k) - grad f_i(x^{k-1}))
  }
  return Work{0, aggregation_flops(uplinks, x_.size())};
}

DownlinkPtr PpMarinaServer::resync_downlink(const DownlinkPtr& planned) const {
  return planned;  // every downlink after round 0 already carries x^k (and x^{k-1})
}

PpMarinaWorker::PpMarinaWorker(int index, int workers, std::shared_ptr<const Objective> f,
                               std::unique_ptr<Compressor> q, Vec x0, WireFormat wire)
    : index_(index), workers_(workers), f_(std::move(f)), q_(std::move(q)), x0_(std::move(x0)), wire_(wire) {}

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

Uplink PpMarinaWorker::step(const Downlink& downlink, Rng& rng) {
  Work work;
  const Vec& x = downlink.round == 0 ? x0_ : downlink.model.dense;
  if (downlink.coin) return Uplink{index_, encode_dense(gradient_at(x, work), wire_), work};

  const Vec& previous = gradient_at(downlink.previous_model.dense, work);
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
        std::make_unique<PpMarinaWorker>(i, n, obj.local_ptr(i), ctx.compressor.clone(), ctx.x0, ctx.wire));
  return m;
}

}  // namespace marina

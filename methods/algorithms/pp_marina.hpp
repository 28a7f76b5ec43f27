// PP-MARINA, partial participation (Algorithm 4, paper-notes §2.4). Round 0: all n clients
// send grad f_i(x^0). Round k >= 1: the server steps x^k = x^{k-1} - gamma g^{k-1} itself
// and draws the shared coin c ~ Bernoulli(p):
//   c = 1: all n clients receive x^k and send grad f_i(x^k) dense; g^k = their mean;
//   c = 0: r clients (with or without replacement) receive x^k and x^{k-1} and send
//          Q_i(grad f_i(x^k) - grad f_i(x^{k-1})); g^k = g^{k-1} + (1/r) sum of them.
// Clients may have missed rounds, so the downlink carries the model rather than g; the
// server continues from the decoded model, so every party holds the same bits of x^k.
//
// wire.downlink = "delta" (marina_downlink.hpp): the server keeps the update of g of every
// round (g^k in full after a dense round, the sparse aggregate or g^k in full after a
// compressed one) since the oldest round some client still needs. Round k's downlink, one
// message shared by its participants, carries the updates of rounds m .. k-1, m the oldest
// round a participant last heard of; each participant replays x^{t+1} = x^t - gamma g^t
// from its own last round, exactly as the server stepped, and so holds x^{k-1} and x^k.
// When that log is dearer than the points themselves the downlink carries instead, in f64,
// x^k (dense round) or x^{k-1} and g^{k-1} (compressed round; the client steps to x^k).
// The server then never rounds x: every party steps in f64 with the same decoded g.
#pragma once

#include <array>
#include <vector>

#include "methods/algorithms/method_context.hpp"
#include "methods/algorithms/method_registry.hpp"
#include "methods/algorithms/protocol.hpp"
#include "methods/algorithms/server_snapshot.hpp"

namespace marina {

class PpMarinaServer final : public CopyableServer<PpMarinaServer> {
 public:
  // correlated: the compressor needs one seed per round shared by the chosen clients (PermK).
  PpMarinaServer(Vec x0, double gamma, double p, int n, int r, bool with_replacement, WireFormat wire, bool correlated);
  RoundPlan plan(std::int64_t round, Rng& rng) override;
  Work aggregate(std::span<const Uplink> uplinks) override;
  DownlinkPtr resync_downlink(const DownlinkPtr& planned) const override;
  const Vec& iterate() const override { return x_; }
  std::uint64_t snapshot_bytes() const override;

 private:
  std::vector<int> draw_clients(Rng& rng);
  void plan_delta(Downlink& down, const std::vector<int>& participants);
  // The self-contained delta downlink: the points in f64 rather than the log.
  void carry_points(Downlink& down) const;

  Vec x_, x_previous_, g_, mean_;
  double gamma_, p_;
  int n_, r_;
  bool with_replacement_;
  WireFormat wire_;
  bool correlated_;
  bool dense_ = true;         // this round's coin
  std::vector<char> marker_;  // sample_subset's scratch
  // Delta downlink: the update of g of each round since the oldest one a client needs,
  // and per client the first round whose update it has not seen.
  struct Update {
    std::int64_t round;
    Message message;
  };
  bool delta_;
  std::int64_t round_ = 0;
  std::vector<Update> log_;
  std::vector<std::int64_t> needed_;
};

class PpMarinaWorker final : public WorkerLogic {
 public:
  PpMarinaWorker(int index, int workers, std::shared_ptr<const Objective> f, std::unique_ptr<Compressor> q, Vec x0,
                 double gamma, WireFormat wire);
  Uplink step(const Downlink& downlink, Rng& rng) override;

 private:
  // grad f_i(point), computed (and charged to work) unless one of the last two points the
  // client evaluated has exactly these bits. Two entries cover both cases worth caching:
  // x^{k-1} from the client's previous round, and x^{k-1}, x^k when it is drawn twice.
  const Vec& gradient_at(const Vec& point, Work& work);
  // Delta downlink: brings x_, x_previous_ to x^k, x^{k-1} from the log or the points.
  void catch_up(const Downlink& downlink);

  struct CachedGradient {
    Vec point, gradient;
    std::uint64_t last_use = 0;  // 0: empty
  };
  int index_, workers_;
  std::shared_ptr<const Objective> f_;
  std::unique_ptr<Compressor> q_;
  Vec x0_, difference_;
  // Delta downlink: x^s and x^{s-1} for the last round s the client took part in, and the
  // g^t it rebuilt (t = g_round_; -2: none it can build on).
  Vec x_, x_previous_, g_;
  std::int64_t x_round_ = 0, g_round_ = -2;
  double gamma_;
  WireFormat wire_;
  std::array<CachedGradient, 2> cache_;
  std::uint64_t uses_ = 0;
};

MethodInstance make_pp_marina(const MethodSpec& spec, const MethodContext& ctx);
MethodDescription describe_pp_marina();

}  // namespace marina

// MARINA (Algorithm 1; paper-notes §2.1). One shared coin c_k ~ Bernoulli(p) per round:
//   c_k = 1: every worker sends grad f_i(x^{k+1}) in full, g^{k+1} = (1/n) sum_i of them;
//   c_k = 0: worker i sends Q_i(grad f_i(x^{k+1}) - grad f_i(x^k)),
//            g^{k+1} = g^k + (1/n) sum_i Q_i(...).
// Round 0 sends the full grad f_i(x^0), so g^0 = grad f(x^0).
// The downlink carries g in full, or under wire.downlink = "delta" only what changed
// (marina_downlink.hpp); VR-MARINA shares this server.
#pragma once

#include "methods/algorithms/method_context.hpp"
#include "methods/algorithms/method_registry.hpp"
#include "methods/algorithms/protocol.hpp"
#include "methods/algorithms/server_snapshot.hpp"

namespace marina {

class MarinaServer final : public CopyableServer<MarinaServer> {
 public:
  // correlated: the compressor needs one seed per round shared by all workers (PermK).
  MarinaServer(Vec x0, double gamma, double p, int n, WireFormat wire, bool correlated);
  RoundPlan plan(std::int64_t round, Rng& rng) override;
  Work aggregate(std::span<const Uplink> uplinks) override;
  DownlinkPtr resync_downlink(const DownlinkPtr& planned) const override;
  const Vec& iterate() const override { return x_; }
  std::uint64_t snapshot_bytes() const override;

 private:
  Work aggregate_delta(std::span<const Uplink> uplinks);

  // x_previous_: x^{k-1}, for a resync. g_: dense downlink: the server's g^{k+1}, encoded
  // in the next plan(); delta downlink: the g every party holds, updated as they will be.
  Vec x_, x_previous_, g_, mean_;
  double gamma_, p_;
  int n_;
  WireFormat wire_;
  bool correlated_;
  bool delta_;
  Message pending_;   // delta downlink: the update of g the next downlink carries
  DownlinkPtr last_;  // the g^k the workers decoded, which the estimator builds on
};

class MarinaWorker final : public WorkerLogic {
 public:
  MarinaWorker(int index, int workers, std::shared_ptr<const Objective> f, std::unique_ptr<Compressor> q,
               Vec x0, double gamma, WireFormat wire);
  Uplink step(const Downlink& downlink, Rng& rng) override;

 private:
  int index_, workers_;
  std::shared_ptr<const Objective> f_;
  std::unique_ptr<Compressor> q_;
  Vec x_, grad_previous_, grad_current_, difference_;
  Vec held_direction_;  // delta downlink: the g this worker rebuilt (marina_downlink.hpp)
  double gamma_;
  WireFormat wire_;
};

MethodInstance make_marina(const MethodSpec& spec, const MethodContext& ctx);
MethodDescription describe_marina();

}  // namespace marina

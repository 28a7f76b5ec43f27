// Distributed gradient descent (paper-notes §2.5): every worker sends grad f_i(x^k) in full,
// x^{k+1} = x^k - gamma * (1/n) sum_i grad f_i(x^k).
#pragma once

#include "methods/algorithms/method_context.hpp"
#include "methods/algorithms/method_registry.hpp"
#include "methods/algorithms/protocol.hpp"
#include "methods/algorithms/server_snapshot.hpp"

namespace marina {

class GdServer final : public CopyableServer<GdServer> {
 public:
  GdServer(Vec x0, double gamma, int n, WireFormat wire);
  RoundPlan plan(std::int64_t round, Rng& rng) override;
  Work aggregate(std::span<const Uplink> uplinks) override;
  DownlinkPtr resync_downlink(const DownlinkPtr& planned) const override;
  const Vec& iterate() const override { return x_; }
  // x^k and g^k: all the next plan() reads.
  std::uint64_t snapshot_bytes() const override { return checkpoint_bytes(x_) + checkpoint_bytes(g_); }

 private:
  Vec x_, g_;
  double gamma_;
  int n_;
  WireFormat wire_;
};

class GdWorker final : public WorkerLogic {
 public:
  GdWorker(int index, std::shared_ptr<const Objective> f, Vec x0, double gamma, WireFormat wire);
  Uplink step(const Downlink& downlink, Rng& rng) override;

 private:
  int index_;
  std::shared_ptr<const Objective> f_;
  Vec x_, grad_;
  double gamma_;
  WireFormat wire_;
};

MethodInstance make_gd(const MethodSpec& spec, const MethodContext& ctx);
MethodDescription describe_gd();

}  // namespace marina

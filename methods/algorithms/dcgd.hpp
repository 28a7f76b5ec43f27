// DCGD, distributed compressed gradient descent (Khirirat et al. 2018; paper-notes §2.6):
// worker i sends Q_i(grad f_i(x^k)); the server steps along g^k = (1/n) sum_i Q_i(...).
// With heterogeneous data the compression variance (omega/n) mean_i ||grad f_i||^2 does
// not vanish at stationary points of f, so DCGD stalls in a neighbourhood: the motivation
// for DIANA's shifts.
#pragma once

#include "methods/algorithms/method_context.hpp"
#include "methods/algorithms/method_registry.hpp"
#include "methods/algorithms/protocol.hpp"
#include "methods/algorithms/server_snapshot.hpp"

namespace marina {

class DcgdServer final : public CopyableServer<DcgdServer> {
 public:
  DcgdServer(Vec x0, double gamma, int n, WireFormat wire, bool correlated);
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
  bool correlated_;
};

class DcgdWorker final : public WorkerLogic {
 public:
  DcgdWorker(int index, int n, std::shared_ptr<const Objective> f, std::unique_ptr<Compressor> q, Vec x0, double gamma);
  Uplink step(const Downlink& downlink, Rng& rng) override;

 private:
  int index_, n_;
  std::shared_ptr<const Objective> f_;
  std::unique_ptr<Compressor> q_;
  Vec x_, grad_;
  double gamma_;
};

MethodInstance make_dcgd(const MethodSpec& spec, const MethodContext& ctx);
MethodDescription describe_dcgd();

}  // namespace marina

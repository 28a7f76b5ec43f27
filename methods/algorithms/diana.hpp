// DIANA (paper-notes §2.7), the standard estimator: worker i sends
// m_i^k = Q_i(grad f_i(x^k) - h_i^k) and moves its shift h_i^{k+1} = h_i^k + alpha m_i^k;
// the server steps along g^k = h^k + (1/n) sum_i m_i^k and keeps h^{k+1} = h^k + alpha mean m.
// Shifts start at zero, as in the authors' code.
#pragma once

#include "methods/algorithms/method_context.hpp"
#include "methods/algorithms/method_registry.hpp"
#include "methods/algorithms/protocol.hpp"
#include "methods/algorithms/server_snapshot.hpp"

namespace marina {

class DianaServer final : public CopyableServer<DianaServer> {
 public:
  // correlated: the compressor needs a seed shared by the round's workers (PermK).
  DianaServer(Vec x0, double gamma, double alpha, int n, WireFormat wire, bool correlated);
  RoundPlan plan(std::int64_t round, Rng& rng) override;
  Work aggregate(std::span<const Uplink> uplinks) override;
  DownlinkPtr resync_downlink(const DownlinkPtr& planned) const override;
  const Vec& iterate() const override { return x_; }
  // x^k, the shift h^{k+1} and the step's direction g^k.
  std::uint64_t snapshot_bytes() const override {
    return checkpoint_bytes(x_) + checkpoint_bytes(h_) + checkpoint_bytes(g_);
  }
  bool mirrors_worker_state() const override { return true; }
  void rebuild_from_workers(std::span<const Uplink> shifts) override;  // h = (1/n) sum_i h_i

 private:
  Vec x_, h_, g_, mean_;
  double gamma_, alpha_;
  int n_;
  WireFormat wire_;
  bool correlated_;
};

class DianaWorker final : public WorkerLogic {
 public:
  DianaWorker(int index, int n, std::shared_ptr<const Objective> f, std::unique_ptr<Compressor> q,
              Vec x0, double gamma, double alpha, WireFormat wire);
  Uplink step(const Downlink& downlink, Rng& rng) override;
  void uplink_lost() override;
  Message mirrored_state() const override;  // h_i
  void forget_mirrored_state() override;

 private:
  int index_, n_;
  std::shared_ptr<const Objective> f_;
  std::unique_ptr<Compressor> q_;
  Vec x_, h_, h_before_, grad_, difference_;
  double gamma_, alpha_;
  WireFormat wire_;
};

MethodInstance make_diana(const MethodSpec& spec, const MethodContext& ctx);
MethodDescription describe_diana();

}  // namespace marina

// EF21 (Richtarik, Sokolov, Fatkhullin 2021; paper-notes §2.9). Worker i keeps g_i, the
// server g = mean g_i. Round 0: every worker sends g_i^0 = grad f_i(x^0) in full. Round
// k >= 1, at x^k: c_i^k = C(grad f_i(x^k) - g_i) is sent, g_i += c_i^k, g += mean c^k.
// C is the compressor itself when it is contractive (TopK, alpha = K/d), or Q/(1+omega)
// for an unbiased Q ([flpt]); the 1/(1+omega) is applied to the decoded message on both
// ends, so the wire carries Q's values and both ends add the same scaled numbers.
#pragma once

#include <optional>

#include "methods/algorithms/method_context.hpp"
#include "methods/algorithms/method_registry.hpp"
#include "methods/algorithms/protocol.hpp"
#include "methods/algorithms/server_snapshot.hpp"

namespace marina {

class Ef21Server final : public CopyableServer<Ef21Server> {
 public:
  Ef21Server(Vec x0, double gamma, double scale, int n, WireFormat wire, bool correlated);
  RoundPlan plan(std::int64_t round, Rng& rng) override;
  Work aggregate(std::span<const Uplink> uplinks) override;
  DownlinkPtr resync_downlink(const DownlinkPtr& planned) const override;
  const Vec& iterate() const override { return x_; }
  // x^k and g = (1/n) sum_i g_i.
  std::uint64_t snapshot_bytes() const override { return checkpoint_bytes(x_) + checkpoint_bytes(g_); }
  bool mirrors_worker_state() const override { return true; }
  // The next aggregate adds its messages to (1/n) sum_i g_i rather than to g.
  void rebuild_from_workers(std::span<const Uplink> states) override;

 private:
  Vec x_, g_, mean_;
  std::optional<Vec> rebuilt_;  // the workers' sum after a server restart, until the next aggregate
  double gamma_, scale_;
  int n_;
  WireFormat wire_;
  bool correlated_;
  std::int64_t round_ = 0;  // of the last plan
};

class Ef21Worker final : public WorkerLogic {
 public:
  Ef21Worker(int index, int n, std::shared_ptr<const Objective> f, std::unique_ptr<Compressor> c, Vec x0, double gamma,
             double scale, WireFormat wire);
  Uplink step(const Downlink& downlink, Rng& rng) override;
  void uplink_lost() override;
  Message mirrored_state() const override;  // g_i
  void forget_mirrored_state() override;

 private:
  int index_, n_;
  std::shared_ptr<const Objective> f_;
  std::unique_ptr<Compressor> c_;
  Vec x_, g_, g_before_, grad_, difference_;
  double gamma_, scale_;
  WireFormat wire_;
};

MethodInstance make_ef21(const MethodSpec& spec, const MethodContext& ctx);
MethodDescription describe_ef21();

}  // namespace marina

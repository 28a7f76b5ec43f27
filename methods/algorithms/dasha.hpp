// DASHA and DASHA-PAGE (Tyurin & Richtarik 2022; paper-notes §2.10), initialised as the
// [dasha] code does. Worker i keeps h_i (its gradient estimate) and g_i; the server keeps
// g = mean g_i. Round 0: h_i^0 = grad f_i(x^0), g_i^0 = 0, the uplink is empty (0 bits),
// g^0 = 0, so x^1 = x^0. Round k >= 1, at x^k:
//   h_i^new = grad f_i(x^k)                                                        (DASHA)
//   h_i^new = grad f_i(x^k) if the round's coin (prob. p) is 1, else
//             h_i + (1/b') sum_{j in I} (grad f_ij(x^k) - grad f_ij(x^{k-1}))       (DASHA-PAGE)
//   m_i = Q_i(h_i^new - h_i - a (g_i - h_i)) is sent;  g_i += m_i;  h_i = h_i^new
//   server: g += mean m.
// No round ever sends a dense vector (unless Q itself is the identity) and, for DASHA,
// the rounds need no shared coin.
#pragma once

#include <optional>
#include <vector>

#include "methods/algorithms/method_context.hpp"
#include "methods/algorithms/method_registry.hpp"
#include "methods/algorithms/protocol.hpp"
#include "methods/algorithms/server_snapshot.hpp"

namespace marina {

class DashaServer final : public CopyableServer<DashaServer> {
 public:
  // page_p: DASHA-PAGE's probability of a full-gradient round; absent for DASHA.
  DashaServer(Vec x0, double gamma, std::optional<double> page_p, int n, WireFormat wire, bool correlated);
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
  Vec x_, x_previous_, g_, mean_;  // x_previous_: x^{k-1}, for a DASHA-PAGE resync
  std::optional<Vec> rebuilt_;     // the workers' sum after a server restart, until the next aggregate
  double gamma_;
  std::optional<double> page_p_;
  int n_;
  WireFormat wire_;
  bool correlated_;
};

class DashaWorker final : public WorkerLogic {
 public:
  // batch: DASHA-PAGE's b'; 0 for DASHA (every round a full gradient).
  DashaWorker(int index, int n, std::shared_ptr<const Objective> f, std::unique_ptr<Compressor> q, Vec x0, double gamma,
              double momentum, Index batch);
  Uplink step(const Downlink& downlink, Rng& rng) override;
  void uplink_lost() override;
  Message mirrored_state() const override;  // g_i
  void forget_mirrored_state() override;

 private:
  // h_i^new at x^k into h_new_, returning its oracle cost.
  Work next_estimate(const Downlink& downlink, Rng& rng);

  int index_, n_;
  std::shared_ptr<const Objective> f_;
  std::unique_ptr<Compressor> q_;
  Vec x_, x_previous_, h_, h_new_, g_, g_before_, at_x_, at_previous_, difference_;
  double gamma_, momentum_;
  Index batch_;
  std::vector<char> marker_;  // scratch of sample_subset
};

MethodInstance make_dasha(const MethodSpec& spec, const MethodContext& ctx);
MethodDescription describe_dasha();
MethodInstance make_dasha_page(const MethodSpec& spec, const MethodContext& ctx);
MethodDescription describe_dasha_page();

}  // namespace marina

// VR-DIANA (Horvath, Kovalev, Mishchenko, Richtarik, Stich 2019; paper-notes §2.8), the
// L-SVRG form. Worker i keeps a reference point w_i, mu_i = grad f_i(w_i) and a shift h_i
// (0 at the start). Round k, at x^k:
//   g_i^k = (1/b') sum_{j in I} (grad f_ij(x^k) - grad f_ij(w_i)) + mu_i   (b' rows, no replacement)
//   m_i^k = Q_i(g_i^k - h_i^k) is sent;  h_i^{k+1} = h_i^k + alpha m_i^k
//   server: ghat^k = h^k + mean m^k,  h^{k+1} = h^k + alpha mean m^k,  x^{k+1} = x^k - gamma ghat^k
// and, when the round's shared coin u_k (drawn by the server in plan(k), k >= 1, with
// probability p_ref) is 1, after computing m_i^k: w_i <- x^k, mu_i <- grad f_i(x^k).
// Round 0 sets w_i = x^0 and mu_i = grad f_i(x^0) before its message, so no coin is drawn
// for it. Every party evaluates at the true x^k: the authors' LibSVM script broadcasts a
// zero-initialised x instead, a bug (paper-notes §2.8) this class deliberately does not copy.
#pragma once

#include <vector>

#include "methods/algorithms/method_context.hpp"
#include "methods/algorithms/method_registry.hpp"
#include "methods/algorithms/protocol.hpp"
#include "methods/algorithms/server_snapshot.hpp"

namespace marina {

class VrDianaServer final : public CopyableServer<VrDianaServer> {
 public:
  VrDianaServer(Vec x0, double gamma, double alpha, double p_ref, int n, WireFormat wire, bool correlated);
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
  double gamma_, alpha_, p_ref_;
  int n_;
  WireFormat wire_;
  bool correlated_;
};

class VrDianaWorker final : public WorkerLogic {
 public:
  VrDianaWorker(int index, int n, std::shared_ptr<const Objective> f, std::unique_ptr<Compressor> q, Vec x0,
                double gamma, double alpha, Index batch);
  Uplink step(const Downlink& downlink, Rng& rng) override;
  void uplink_lost() override;
  Message mirrored_state() const override;  // h_i
  void forget_mirrored_state() override;

 private:
  void refresh_reference(Work& work);

  int index_, n_;
  std::shared_ptr<const Objective> f_;
  std::unique_ptr<Compressor> q_;
  Vec x_, w_, mu_, h_, h_before_, at_x_, at_w_, estimate_;
  double gamma_, alpha_;
  Index batch_;
  std::vector<char> marker_;  // scratch of sample_subset
};

MethodInstance make_vr_diana(const MethodSpec& spec, const MethodContext& ctx);
MethodDescription describe_vr_diana();

}  // namespace marina

#include "methods/algorithms/dcgd.hpp"

#include "methods/algorithms/baseline_common.hpp"
#include "methods/algorithms/shared_step.hpp"
#include "methods/theory/baselines.hpp"

namespace marina {

DcgdServer::DcgdServer(Vec x0, double gamma, int n, WireFormat wire, bool correlated)
    : x_(std::move(x0)), g_(Vec::Zero(x_.size())), gamma_(gamma), n_(n), wire_(wire), correlated_(correlated) {}

RoundPlan DcgdServer::plan(std::int64_t round, Rng& rng) {
  RoundPlan plan{all_workers(n_),
                 seeded_downlink(round, false, 0, round == 0 ? nullptr : &g_, wire_, correlated_, rng)};
  apply_step(*plan.downlink, gamma_, x_);
  return plan;
}

Work DcgdServer::aggregate(std::span<const Uplink> uplinks) {
  // Faults: the mean over the messages that arrived; none arrived: g^{k-1} again.
  if (uplinks.empty()) return Work{};
  average_uplinks(uplinks, x_.size(), g_);  // g^k = (1/n) sum_i Q_i(grad f_i(x^k))
  return Work{0, aggregation_flops(uplinks, x_.size())};
}

DownlinkPtr DcgdServer::resync_downlink(const DownlinkPtr& planned) const {
  return with_models(*planned, x_, nullptr);
}

DcgdWorker::DcgdWorker(int index, int n, std::shared_ptr<const Objective> f, std::unique_ptr<Compressor> q, Vec x0,
                       double gamma)
    : index_(index), n_(n), f_(std::move(f)), q_(std::move(q)), x_(std::move(x0)), gamma_(gamma) {}

Uplink DcgdWorker::step(const Downlink& downlink, Rng& rng) {
  enter_round(downlink, gamma_, x_);
  f_->gradient(x_, grad_);
  Message message = q_->compress(grad_, rng, compression_context(downlink, index_, n_));
  return Uplink{index_, std::move(message), f_->gradient_work()};
}

MethodInstance make_dcgd(const MethodSpec& spec, const MethodContext& ctx) {
  const auto& obj = ctx.objective;
  const Index d = obj.dim();
  require_unbiased(ctx.compressor, "dcgd");
  MethodInstance m;
  auto& prm = m.parameters;
  prm.method = "dcgd";
  prm.smoothness = obj.smoothness();
  prm.omega = ctx.compressor.omega(d);
  prm.zeta = ctx.compressor.expected_density(d);
  // [flpt]'s L is f's smoothness constant; mean L_i bounds it (paper-notes §1.2).
  prm.step_size = spec.step_size.resolve(
      theory::dcgd_step(mean_local_smoothness(obj), obj.max_local_smoothness(), prm.omega, obj.workers()));
  const int n = obj.workers();
  m.server = std::make_unique<DcgdServer>(ctx.x0, prm.step_size, n, ctx.wire, ctx.compressor.correlated());
  for (int i = 0; i < n; ++i)
    m.workers.push_back(
        std::make_unique<DcgdWorker>(i, n, obj.local_ptr(i), ctx.compressor.clone(), ctx.x0, prm.step_size));
  return m;
}

MethodDescription describe_dcgd() {
  MethodDescription m;
  m.name = "dcgd";
  m.title = "DCGD";
  m.family = "GD";
  m.summary = "every worker sends Q_i(grad f_i(x^k)); stalls under heterogeneity (paper-notes §2.6)";
  m.reads = {};
  m.compressor = CompressorNeed::unbiased;
  m.faults = FaultPolicy::survivor;
  m.theory = {"method.step_size"};
  m.advise = {"rand_k", false};
  m.make = make_dcgd;
  return m;
}

}  // namespace marina

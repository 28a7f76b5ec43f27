#include "methods/algorithms/gd.hpp"

#include "methods/algorithms/shared_step.hpp"
#include "methods/compressors/identity.hpp"
#include "methods/theory/step_sizes.hpp"

namespace marina {

GdServer::GdServer(Vec x0, double gamma, int n, WireFormat wire)
    : x_(std::move(x0)), g_(Vec::Zero(x_.size())), gamma_(gamma), n_(n), wire_(wire) {}

RoundPlan GdServer::plan(std::int64_t round, Rng&) {
  RoundPlan plan{all_workers(n_), make_downlink(round, true, round == 0 ? nullptr : &g_, wire_)};
  apply_step(*plan.downlink, gamma_, x_);
  return plan;
}

Work GdServer::aggregate(std::span<const Uplink> uplinks) {
  // Faults: the mean over the gradients that arrived; none arrived: g^{k-1} again.
  if (uplinks.empty()) return Work{};
  average_uplinks(uplinks, x_.size(), g_);  // g^k = (1/n) sum_i grad f_i(x^k)
  return Work{0, aggregation_flops(uplinks, x_.size())};
}

DownlinkPtr GdServer::resync_downlink(const DownlinkPtr& planned) const {
  return with_models(*planned, x_, nullptr);
}

GdWorker::GdWorker(int index, std::shared_ptr<const Objective> f, Vec x0, double gamma, WireFormat wire)
    : index_(index), f_(std::move(f)), x_(std::move(x0)), gamma_(gamma), wire_(wire) {}

Uplink GdWorker::step(const Downlink& downlink, Rng&) {
  enter_round(downlink, gamma_, x_);
  f_->gradient(x_, grad_);
  return Uplink{index_, encode_dense(grad_, wire_), f_->gradient_work()};
}

MethodInstance make_gd(const MethodSpec& spec, const MethodContext& ctx) {
  const auto& obj = ctx.objective;
  MethodInstance m;
  m.parameters.method = "gd";
  m.parameters.smoothness = obj.smoothness();
  m.parameters.omega = 0.0;
  m.parameters.zeta = static_cast<double>(obj.dim());
  m.parameters.step_size = spec.step_size.resolve(theory::gd_step(obj.smoothness()));
  m.server = std::make_unique<GdServer>(ctx.x0, m.parameters.step_size, obj.workers(), ctx.wire);
  for (int i = 0; i < obj.workers(); ++i)
    m.workers.push_back(std::make_unique<GdWorker>(i, obj.local_ptr(i), ctx.x0,
                                                   m.parameters.step_size, ctx.wire));
  return m;
}

MethodDescription describe_gd() {
  MethodDescription m;
  m.name = "gd";
  m.title = "GD";
  m.family = "GD";
  m.summary = "every worker sends grad f_i(x^k) in full (paper-notes §2.5)";
  m.reads = {};
  m.compressor = CompressorNeed::none;
  m.faults = FaultPolicy::survivor;
  m.theory = {"method.step_size"};
  m.advise = {"identity", true};
  m.make = make_gd;
  return m;
}

}  // namespace marina

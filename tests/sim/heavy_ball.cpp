#include "tests/sim/heavy_ball.hpp"

#include "methods/algorithms/shared_step.hpp"
#include "methods/compressors/identity.hpp"
#include "methods/theory/step_sizes.hpp"

namespace marina {
namespace {

// x^{k+1} = x^k - gamma g^k + beta (x^k - x^{k-1}); round 0's downlink carries no direction.
void heavy_ball_step(const Downlink& downlink, double gamma, double beta, Vec& x, Vec& previous) {
  if (downlink.direction.kind == Message::Kind::empty) return;
  const Vec momentum = beta * (x - previous);
  previous = x;
  apply_step(downlink, gamma, x);
  x += momentum;
}

MethodInstance make_heavy_ball(const MethodSpec& spec, const MethodContext& ctx) {
  const auto& obj = ctx.objective;
  const double beta = std::get<double>(spec.own.at("method.beta"));
  MethodInstance m;
  m.parameters.method = "heavy_ball";
  m.parameters.smoothness = obj.smoothness();
  m.parameters.zeta = static_cast<double>(obj.dim());
  // 1/L shortened by (1 - beta): the momentum adds up to 1/(1 - beta) of each step.
  m.parameters.step_size = spec.step_size.resolve((1.0 - beta) * theory::gd_step(obj.smoothness()));
  m.server = std::make_unique<HeavyBallServer>(ctx.x0, m.parameters.step_size, beta, obj.workers(), ctx.wire);
  for (int i = 0; i < obj.workers(); ++i)
    m.workers.push_back(
        std::make_unique<HeavyBallWorker>(i, obj.local_ptr(i), ctx.x0, m.parameters.step_size, beta, ctx.wire));
  return m;
}

// Registered when the test binary starts, before any scenario is read.
[[maybe_unused]] const bool kRegistered = (register_method(describe_heavy_ball()), true);

}  // namespace

HeavyBallServer::HeavyBallServer(Vec x0, double gamma, double beta, int n, WireFormat wire)
    : x_(std::move(x0)), previous_(x_), g_(Vec::Zero(x_.size())), gamma_(gamma), beta_(beta), n_(n), wire_(wire) {}

RoundPlan HeavyBallServer::plan(std::int64_t round, Rng&) {
  RoundPlan plan{all_workers(n_), make_downlink(round, true, round == 0 ? nullptr : &g_, wire_)};
  heavy_ball_step(*plan.downlink, gamma_, beta_, x_, previous_);
  return plan;
}

Work HeavyBallServer::aggregate(std::span<const Uplink> uplinks) {
  if (uplinks.empty()) return Work{};  // faults: nothing arrived, g^{k-1} again
  average_uplinks(uplinks, x_.size(), g_);
  return Work{0, aggregation_flops(uplinks, x_.size())};
}

DownlinkPtr HeavyBallServer::resync_downlink(const DownlinkPtr& planned) const {
  return with_models(*planned, x_, &previous_);
}

HeavyBallWorker::HeavyBallWorker(int index, std::shared_ptr<const Objective> f, Vec x0, double gamma, double beta,
                                 WireFormat wire)
    : index_(index), f_(std::move(f)), x_(std::move(x0)), previous_(x_), gamma_(gamma), beta_(beta), wire_(wire) {}

Uplink HeavyBallWorker::step(const Downlink& downlink, Rng&) {
  if (downlink.model.kind != Message::Kind::empty) {  // rejoining after missed rounds
    x_ = downlink.model.dense;
    previous_ = downlink.previous_model.dense;
  } else {
    heavy_ball_step(downlink, gamma_, beta_, x_, previous_);
  }
  f_->gradient(x_, grad_);
  return Uplink{index_, encode_dense(grad_, wire_), f_->gradient_work()};
}

MethodDescription describe_heavy_ball() {
  MethodDescription m;
  m.name = "heavy_ball";
  m.title = "Heavy ball";
  m.family = "GD";
  m.summary = "GD with Polyak's momentum beta (x^k - x^{k-1}); workers send gradients in full";
  m.reads = {{"method.beta", ""}};
  m.own_keys = {real_key("method.beta", 0.5,
                         "heavy_ball: momentum beta in x^{k+1} = x^k - gamma g^k + beta (x^k - x^{k-1})",
                         Range{0.0, 1.0, false, true})};
  m.compressor = CompressorNeed::none;
  m.faults = FaultPolicy::survivor;
  m.theory = {"method.step_size"};
  m.advise = {"identity", false};
  m.make = make_heavy_ball;
  return m;
}

}  // namespace marina

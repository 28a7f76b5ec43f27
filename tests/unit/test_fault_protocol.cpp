// The methods' side of faults (docs/faults.md), driven without SimGrid by a loop that loses
// scripted uplinks and downlinks exactly as the simulator does: a lost uplink is left out
// of aggregate() and the worker is told (uplink_lost); a worker that missed a downlink gets
// resync_downlink() the next time it is contacted.
//
// What must hold:
// - a resync is invisible: giving an in-sync worker the resync downlink changes no bit;
// - "average the survivors" methods (GD, DCGD, the MARINA family) with identity compression
//   and p = 1 follow GD over the gradients that arrived;
// - "stale state" methods (DIANA with alpha = 1, EF21, DASHA, identity compression) follow
//   GD in which the server holds each worker's last delivered gradient. This needs the
//   worker to undo its shift update when its uplink is lost: without uplink_lost the two
//   sides' copies of h_i (or g_i) part and the trajectories separate.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>

#include "method_fixture.hpp"
#include "methods/common/rng.hpp"

namespace marina::testing {
namespace {

const WireFormat kF64{Precision::f64, IndexEncoding::log2};

using Pattern = std::function<bool(std::int64_t round, int worker)>;
const Pattern kNever = [](std::int64_t, int) { return false; };

struct Faults {
  Pattern miss_downlink = kNever;  // the worker gets nothing this round (and sends nothing)
  Pattern lose_uplink = kNever;    // the worker steps, its uplink never arrives
  Pattern resync_anyway = kNever;  // an in-sync worker gets the resync downlink
};

// x^k of every round, under the scripted faults.
std::vector<Vec> run_lossy(MethodInstance& m, std::int64_t rounds, const Faults& f, std::uint64_t seed = 1,
                           std::vector<bool>* coins = nullptr) {
  Rng server_rng = make_rng(seed, StreamRole::server);
  std::vector<Rng> rngs;
  for (std::size_t i = 0; i < m.workers.size(); ++i) rngs.push_back(make_rng(seed, StreamRole::worker, i));
  std::vector<std::int64_t> last_delivered(m.workers.size(), -1);
  std::vector<Vec> iterates;
  std::vector<Uplink> uplinks;
  for (std::int64_t k = 0; k <= rounds; ++k) {
    const RoundPlan plan = m.server->plan(k, server_rng);
    if (coins != nullptr) coins->push_back(plan.downlink->coin);
    uplinks.clear();
    DownlinkPtr resync;
    for (const int w : plan.participants) {
      const auto i = static_cast<std::size_t>(w);
      if (f.miss_downlink(k, w)) continue;
      DownlinkPtr d = plan.downlink;
      if (last_delivered[i] != k - 1 || f.resync_anyway(k, w)) {
        if (!resync) resync = m.server->resync_downlink(plan.downlink);
        d = resync;
      }
      last_delivered[i] = k;
      Uplink u = m.workers[i]->step(*d, rngs[i]);
      if (f.lose_uplink(k, w)) {
        m.workers[i]->uplink_lost();
      } else {
        uplinks.push_back(std::move(u));
      }
    }
    m.server->aggregate(uplinks);
    iterates.push_back(m.server->iterate());
  }
  return iterates;
}

MethodInstance build(const DistributedObjective& obj, const MethodSpec& spec, const Compressor& q) {
  return make_method(spec, MethodContext{obj, q, kF64, Vec::Zero(obj.dim())});
}

// The reference: x^{k+1} = x^k - gamma g^k where the server's g^k is built from the local
// gradients at x^k that arrived in round k, by one of the two policies.
enum class Policy { survivors, stale_state, stale_state_from_round_1 };

std::vector<Vec> reference(const DistributedObjective& obj, double gamma, std::int64_t rounds, Policy policy,
                           const Faults& f) {
  const int n = obj.workers();
  Vec x = Vec::Zero(obj.dim()), g = Vec::Zero(obj.dim()), grad;
  std::vector<Vec> held(static_cast<std::size_t>(n), Vec::Zero(obj.dim()));
  std::vector<Vec> out;
  for (std::int64_t k = 0; k <= rounds; ++k) {
    if (k > 0) x -= gamma * g;
    out.push_back(x);
    Vec sum = Vec::Zero(obj.dim());
    int arrived = 0;
    for (int i = 0; i < n; ++i) {
      if (f.miss_downlink(k, i) || f.lose_uplink(k, i)) continue;
      obj.local(i).gradient(x, grad);
      ++arrived;
      sum += grad;
      // DASHA's round 0 only caches gradients: g_i^0 = 0 on both sides.
      if (!(policy == Policy::stale_state_from_round_1 && k == 0)) held[static_cast<std::size_t>(i)] = grad;
    }
    if (policy == Policy::survivors) {
      if (arrived > 0) g = sum / arrived;
    } else {
      g.setZero();
      for (const Vec& h : held) g += h;
      g /= n;
    }
  }
  return out;
}

void expect_close(const std::vector<Vec>& a, const std::vector<Vec>& b, const std::string& what) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t k = 0; k < a.size(); ++k) {
    const double scale = std::max(1.0, b[k].norm());
    ASSERT_LE((a[k] - b[k]).norm(), 1e-12 * scale) << what << ", round " << k;
  }
  // The comparison is between trajectories that moved.
  ASSERT_GT((b.back() - b.front()).norm(), 1e-3) << what;
}

// Worker 1 loses its uplinks in rounds 3..7, worker 2 misses rounds 10..14 entirely and
// worker 0 loses round 0's uplink: every kind of gap, at the start and in the middle.
Faults scripted_losses() {
  Faults f;
  f.lose_uplink = [](std::int64_t k, int w) { return (w == 1 && k >= 3 && k <= 7) || (w == 0 && k == 0); };
  f.miss_downlink = [](std::int64_t k, int w) { return w == 2 && k >= 10 && k <= 14; };
  return f;
}

// The problem, the exact compressor, the step 1/L and scripted_losses(), shared by the
// tests that compare against a reference trajectory.
struct ScriptedLosses {
  std::shared_ptr<DistributedObjective> obj = small_problem();
  IdentityCompressor id{kF64};
  double gamma = 1.0 / obj->smoothness();
  Faults f = scripted_losses();
};

TEST(FaultProtocol, AResyncDownlinkChangesNoBit) {
  auto obj = small_problem();
  const RandKCompressor randk(obj->dim(), 3, kF64);
  const IdentityCompressor id(kF64);
  for (const std::string name : {"gd", "dcgd", "diana", "marina", "vr_marina", "vr_marina_online", "pp_marina",
                                 "vr_diana", "ef21", "dasha", "dasha_page"}) {
    MethodSpec spec = named(name);
    spec.clients = 2;
    const Compressor& q = name == "gd" ? static_cast<const Compressor&>(id) : randk;
    MethodInstance plain = build(*obj, spec, q), resynced = build(*obj, spec, q);
    Faults every_round;
    every_round.resync_anyway = [](std::int64_t k, int w) { return k > 0 && w == static_cast<int>(k % 4); };
    const auto a = run_lossy(plain, 60, Faults{});
    const auto b = run_lossy(resynced, 60, every_round);
    for (std::size_t k = 0; k < a.size(); ++k) ASSERT_EQ(a[k], b[k]) << name << ", round " << k;
  }
}

TEST(FaultProtocol, SurvivorMethodsFollowGdOverTheGradientsThatArrived) {
  const ScriptedLosses setup;
  const auto& [obj, id, gamma, f] = setup;
  const auto expected = reference(*obj, gamma, 40, Policy::survivors, f);
  for (const std::string name : {"gd", "dcgd", "marina", "vr_marina", "pp_marina"}) {
    MethodSpec spec = with_step(name, gamma);
    spec.p = TheoryValue::fixed(1.0);
    spec.clients = obj->workers();
    MethodInstance m = build(*obj, spec, id);
    expect_close(run_lossy(m, 40, f), expected, name);
  }
}

TEST(FaultProtocol, StaleStateMethodsKeepTheLastDeliveredGradient) {
  const ScriptedLosses setup;
  const auto& [obj, id, gamma, f] = setup;
  MethodSpec diana = with_step("diana", gamma);
  diana.alpha = TheoryValue::fixed(1.0);  // h_i becomes the last gradient sent
  for (const auto& [spec, policy] : {std::pair{diana, Policy::stale_state},
                                     std::pair{with_step("ef21", gamma), Policy::stale_state},
                                     std::pair{with_step("dasha", gamma), Policy::stale_state_from_round_1}}) {
    MethodInstance m = build(*obj, spec, id);
    expect_close(run_lossy(m, 40, f), reference(*obj, gamma, 40, policy, f), spec.name);
  }
}

// MARINA with p < 1 sends gradient differences, so a worker back from missed rounds must
// rebuild grad f_i(x^{k-1}) from the resync's x^{k-1}: its cached gradient is from before
// the gap. The reference: g^{k+1} = g^k + mean over arrivals of (grad f_i(x^{k+1}) -
// grad f_i(x^k)) on compressed rounds, the mean of the arrived gradients on dense ones.
std::vector<Vec> marina_reference(const DistributedObjective& obj, double gamma, const std::vector<bool>& coins,
                                  const Faults& f) {
  Vec x = Vec::Zero(obj.dim()), x_before, g = Vec::Zero(obj.dim()), now, before;
  std::vector<Vec> out;
  for (std::size_t k = 0; k < coins.size(); ++k) {
    x_before = x;
    if (k > 0) x -= gamma * g;
    out.push_back(x);
    Vec sum = Vec::Zero(obj.dim());
    int arrived = 0;
    for (int i = 0; i < obj.workers(); ++i) {
      const auto round = static_cast<std::int64_t>(k);
      if (f.miss_downlink(round, i) || f.lose_uplink(round, i)) continue;
      ++arrived;
      obj.local(i).gradient(x, now);
      if (coins[k]) {
        sum += now;
      } else {
        obj.local(i).gradient(x_before, before);
        sum += now - before;
      }
    }
    if (arrived == 0) continue;
    g = coins[k] ? Vec(sum / arrived) : Vec(g + sum / arrived);
  }
  return out;
}

TEST(FaultProtocol, MarinaDifferencesAfterAGapUseTheResyncedPoints) {
  const ScriptedLosses setup;
  const auto& [obj, id, gamma, f] = setup;
  MethodSpec marina = with_step("marina", gamma);
  marina.p = TheoryValue::fixed(0.3);
  // VR-MARINA with b' = m draws every local sample: its minibatch differences are the full ones.
  MethodSpec vr = marina;
  vr.name = "vr_marina";
  vr.batch_size = obj->min_local_samples();
  for (const MethodSpec& spec : {marina, vr}) {
    MethodInstance m = build(*obj, spec, id);
    std::vector<bool> coins;
    const auto got = run_lossy(m, 40, f, 1, &coins);
    ASSERT_GT(std::count(coins.begin() + 15, coins.end(), false), 5) << "compressed rounds after the gap";
    expect_close(got, marina_reference(*obj, gamma, coins, f), spec.name);
  }
}

// Without the rollback the worker's h_i and the server's copy part: the same scripted loss
// then moves DIANA off the stale-state trajectory. This shows the test above can fail.
TEST(FaultProtocol, ForgettingUplinkLostBreaksTheStaleStatePolicy) {
  auto obj = small_problem();
  const IdentityCompressor id(kF64);
  const double gamma = 1.0 / obj->smoothness();
  MethodSpec diana = with_step("diana", gamma);
  diana.alpha = TheoryValue::fixed(1.0);
  MethodInstance m = build(*obj, diana, id);
  // A worker that never hears of the loss: forward step() only.
  struct Forgetful final : WorkerLogic {
    explicit Forgetful(std::unique_ptr<WorkerLogic> w) : inner(std::move(w)) {}
    Uplink step(const Downlink& d, Rng& rng) override { return inner->step(d, rng); }
    std::unique_ptr<WorkerLogic> inner;
  };
  m.workers[1] = std::make_unique<Forgetful>(std::move(m.workers[1]));
  Faults f;
  f.lose_uplink = [](std::int64_t k, int w) { return w == 1 && k == 3; };
  const auto got = run_lossy(m, 40, f);
  const auto expected = reference(*obj, gamma, 40, Policy::stale_state, f);
  EXPECT_GT((got.back() - expected.back()).norm(), 1e-8);
}

// Nobody's uplink arrives in the first rounds (everyone's link down at the start): every
// method then takes zero steps and starts once messages arrive. (The MARINA family keeps
// g = 0 until its next dense round, VR-MARINA's p = 1/101 here: hence 1000 rounds.)
TEST(FaultProtocol, RoundsWithNoArrivalsAtTheStartAreZeroSteps) {
  auto obj = small_problem();
  const RandKCompressor randk(obj->dim(), 3, kF64);
  const IdentityCompressor id(kF64);
  Faults f;
  f.lose_uplink = [](std::int64_t k, int) { return k < 3; };
  for (const std::string name : {"gd", "dcgd", "diana", "marina", "vr_marina", "vr_marina_online", "pp_marina",
                                 "vr_diana", "ef21", "dasha", "dasha_page"}) {
    MethodSpec spec = named(name);
    spec.clients = 2;
    MethodInstance m = build(*obj, spec, name == "gd" ? static_cast<const Compressor&>(id) : randk);
    const auto x = run_lossy(m, 1000, f);
    for (std::size_t k = 0; k <= 3; ++k) EXPECT_EQ(x[k], Vec::Zero(obj->dim())) << name << ", round " << k;
    EXPECT_TRUE(x.back().allFinite()) << name;
    EXPECT_GT(x.back().norm(), 0.0) << name;
  }
}

// Stochastic compressors and minibatches: losses early on do not stop the stale-state and
// survivor methods from converging on the full objective once everyone is back.
TEST(FaultProtocol, EveryMethodConvergesAfterAnOutage) {
  auto obj = small_problem();
  const RandKCompressor randk(obj->dim(), 3, kF64);
  const IdentityCompressor id(kF64);
  Faults f;
  f.lose_uplink = [](std::int64_t k, int w) { return w == 1 && k >= 5 && k <= 30 && k % 3 != 0; };
  f.miss_downlink = [](std::int64_t k, int w) { return w == 3 && k >= 40 && k <= 60; };
  const Vec x0 = Vec::Zero(obj->dim());
  const double start = obj->evaluate(x0).grad_norm_sq;
  for (const std::string name : {"gd", "dcgd", "diana", "marina", "vr_marina", "pp_marina", "vr_diana", "ef21",
                                 "dasha", "dasha_page"}) {
    MethodSpec spec = named(name);
    spec.clients = obj->workers();
    if (name == "diana" || name == "vr_diana" || name == "dcgd")
      spec.step_size = TheoryValue::fixed(0.5 / obj->smoothness());  // theory steps barely move in 3000 rounds
    const Compressor& q = name == "gd" ? static_cast<const Compressor&>(id) : randk;
    MethodInstance m = build(*obj, spec, q);
    const auto iterates = run_lossy(m, 3000, f);
    const double end = obj->evaluate(iterates.back()).grad_norm_sq;
    EXPECT_LT(end, 1e-2 * start) << name << ": |grad f|^2 " << start << " -> " << end;
  }
}

}  // namespace
}  // namespace marina::testing

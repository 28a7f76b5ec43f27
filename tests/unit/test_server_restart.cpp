// The methods' side of a server crash (docs/faults.md "Server crashes"), driven without
// SimGrid by a loop that does what the simulator does: after some round the server goes
// back to a snapshot taken after an earlier round (or to the state the scenario builds),
// runs the rounds after it again, resynchronises every worker at its next contact, and, when
// it mirrors worker state, first rebuilds its sum from the workers' mirrored states (a
// worker it cannot reach forgets its own).
//
// What must hold:
// - every built-in server can be checkpointed, says what a checkpoint weighs, and mirrors
//   worker state exactly when its fault policy is stale_state;
// - a server carried on from a snapshot computes exactly what the original would have;
// - deterministic survivor methods (GD, and DCGD, MARINA, PP-MARINA with the identity
//   compressor) end at the very iterate of a run without the crash: the server's state and
//   random stream come back as they were and the resynced workers recompute the same bits;
// - DIANA (alpha = 1), EF21 and DASHA with the identity compressor follow GD exactly when the
//   server's sum and the workers' states agree: after a restart they still do, up to the last
//   bits of the rebuilt sum, also with a worker that missed the rebuild; without the rebuild
//   they do not (so the test can fail);
// - with random compressors the redone rounds draw other numbers (the workers' streams moved
//   on), and every method still converges.
#include <gtest/gtest.h>

#include <set>

#include "method_fixture.hpp"
#include "methods/algorithms/server_snapshot.hpp"
#include "methods/common/rng.hpp"

namespace marina::testing {
namespace {

const WireFormat kF64{Precision::f64, IndexEncoding::log2};

const std::vector<std::string> kMethods{"gd",        "dcgd",     "diana", "marina", "vr_marina", "vr_marina_online",
                                        "pp_marina", "vr_diana", "ef21",  "dasha",  "dasha_page"};

struct Crash {
  std::int64_t after = -1;       // the last round done before the crash (-1: no crash)
  std::int64_t checkpoint = -1;  // the round whose snapshot the server resumes from; -1: the scenario's state
  std::set<int> unreachable;     // workers the rebuild cannot reach
  bool rebuild = true;           // false: skip the rebuild (a server that forgets to)
};

// The final iterate after round `rounds`, under one crash.
Vec run_with_crash(MethodInstance& m, std::int64_t rounds, const Crash& crash, std::uint64_t seed = 1) {
  Rng rng = make_rng(seed, StreamRole::server);
  std::vector<Rng> rngs;
  for (std::size_t i = 0; i < m.workers.size(); ++i) rngs.push_back(make_rng(seed, StreamRole::worker, i));
  const std::size_t n = m.workers.size();
  std::vector<bool> resync(n, false), forget(n, false);
  std::unique_ptr<ServerLogic> saved = crash.checkpoint < 0 ? m.server->snapshot() : nullptr;
  Rng saved_rng = rng;
  bool crashed = false;
  std::vector<Uplink> uplinks;
  for (std::int64_t k = 0; k <= rounds; ++k) {
    const RoundPlan plan = m.server->plan(k, rng);
    DownlinkPtr resynced;
    uplinks.clear();
    for (const int w : plan.participants) {
      const auto i = static_cast<std::size_t>(w);
      DownlinkPtr d = plan.downlink;
      if (resync[i]) {
        if (!resynced) resynced = m.server->resync_downlink(plan.downlink);
        d = resynced;
        resync[i] = false;
      }
      if (forget[i]) m.workers[i]->forget_mirrored_state();
      forget[i] = false;
      uplinks.push_back(m.workers[i]->step(*d, rngs[i]));
    }
    m.server->aggregate(uplinks);
    if (k == crash.checkpoint) {
      saved = m.server->snapshot();
      saved_rng = rng;
    }
    if (k != crash.after || crashed) continue;
    crashed = true;
    m.server = saved->snapshot();
    rng = saved_rng;
    k = crash.checkpoint;  // the loop's ++k: the round after the checkpoint
    resync.assign(n, true);
    if (!m.server->mirrors_worker_state()) continue;
    if (crash.checkpoint < 0) {
      forget.assign(n, true);
      continue;
    }
    std::vector<Uplink> states;
    for (std::size_t i = 0; i < n; ++i) {
      if (crash.unreachable.count(static_cast<int>(i)) != 0) {
        forget[i] = true;
      } else {
        states.push_back(Uplink{static_cast<int>(i), m.workers[i]->mirrored_state(), Work{}});
      }
    }
    if (crash.rebuild) m.server->rebuild_from_workers(states);
  }
  return m.server->iterate();
}

MethodInstance build(const DistributedObjective& obj, const MethodSpec& spec, const Compressor& q,
                     WireFormat wire = kF64) {
  return make_method(spec, MethodContext{obj, q, wire, Vec::Zero(obj.dim())});
}

TEST(ServerRestart, EveryBuiltInServerCanBeCheckpointedAndSaysWhatItWeighs) {
  auto obj = small_problem();
  const RandKCompressor randk(obj->dim(), 3, kF64);
  const IdentityCompressor id(kF64);
  const auto d = static_cast<std::uint64_t>(obj->dim());
  for (const std::string& name : kMethods) {
    MethodSpec spec = named(name);
    spec.clients = 2;
    MethodInstance m = build(*obj, spec, name == "gd" ? static_cast<const Compressor&>(id) : randk);
    IterateRecorder ignored;
    run_plain_loop(m, 3, 1, ignored);  // a checkpoint is of the state after an aggregate
    ASSERT_NE(m.server->snapshot(), nullptr) << name;
    const MethodDescription* description = find_method(name);
    ASSERT_NE(description, nullptr);
    EXPECT_EQ(m.server->mirrors_worker_state(), description->faults == FaultPolicy::stale_state) << name;
    // x and g (or h) in f64; DIANA's server also keeps h.
    const std::uint64_t vectors = name == "diana" || name == "vr_diana" ? 3 : 2;
    EXPECT_EQ(m.server->snapshot_bytes(), vectors * 8 * d) << name;
  }
}

// The delta downlink keeps messages: the update the next downlink carries (MARINA), the log
// of updates and what each client has seen (PP-MARINA).
TEST(ServerRestart, DeltaDownlinkCheckpointsHoldTheKeptMessages) {
  auto obj = small_problem();
  const RandKCompressor randk(obj->dim(), 3, kF64);
  WireFormat delta = kF64;
  delta.downlink = DownlinkEncoding::delta;
  const auto d = static_cast<std::uint64_t>(obj->dim());
  MethodSpec marina = named("marina");
  MethodInstance m = build(*obj, marina, randk, delta);
  // Before any round the update is "unchanged": a sparse message of no entry (its count).
  EXPECT_EQ(m.server->snapshot_bytes(), 2 * 8 * d + (delta.explicit_sparse_bits(obj->dim(), 0) + 7) / 8);
  MethodSpec pp = named("pp_marina");
  pp.clients = 2;
  MethodInstance p = build(*obj, pp, randk, delta);
  const std::uint64_t empty_log = 2 * 8 * d + 8 * static_cast<std::uint64_t>(obj->workers());
  EXPECT_EQ(p.server->snapshot_bytes(), empty_log);
  IterateRecorder ignored;
  run_plain_loop(p, 5, 1, ignored);
  EXPECT_GT(p.server->snapshot_bytes(), empty_log);  // the log of updates is in it now
}

// Two identical runs to round 12; the second swaps its server for a snapshot of the first's
// taken then. Both go on to round 60 and must agree to the bit: the snapshot is the whole state.
TEST(ServerRestart, AServerCarriedOnFromASnapshotComputesWhatTheOriginalDoes) {
  auto obj = small_problem();
  const RandKCompressor randk(obj->dim(), 3, kF64);
  const IdentityCompressor id(kF64);
  for (const std::string& name : kMethods) {
    MethodSpec spec = named(name);
    spec.clients = 2;
    const Compressor& q = name == "gd" ? static_cast<const Compressor&>(id) : randk;
    for (const DownlinkEncoding downlink : {DownlinkEncoding::dense, DownlinkEncoding::delta}) {
      WireFormat wire = kF64;
      wire.downlink = downlink;
      MethodInstance a = build(*obj, spec, q, wire), b = build(*obj, spec, q, wire);
      IterateRecorder first_a, first_b;
      run_plain_loop(a, 12, 1, first_a);
      run_plain_loop(b, 12, 1, first_b);
      b.server = a.server->snapshot();
      // Run both on from round 13 with the same streams (the plain loop starts at round 0,
      // so the rounds are driven here).
      Rng ra = make_rng(9, StreamRole::server), rb = ra;
      std::vector<Rng> wa, wb;
      for (std::size_t i = 0; i < a.workers.size(); ++i) wa.push_back(make_rng(9, StreamRole::worker, i));
      wb = wa;
      for (std::int64_t k = 13; k <= 60; ++k) {
        std::vector<Uplink> ua, ub;
        const RoundPlan pa = a.server->plan(k, ra), pb = b.server->plan(k, rb);
        ASSERT_EQ(pa.participants, pb.participants) << name;
        for (const int w : pa.participants) {
          const auto i = static_cast<std::size_t>(w);
          ua.push_back(a.workers[i]->step(*pa.downlink, wa[i]));
          ub.push_back(b.workers[i]->step(*pb.downlink, wb[i]));
        }
        a.server->aggregate(ua);
        b.server->aggregate(ub);
        ASSERT_EQ(a.server->iterate(), b.server->iterate()) << name << ", round " << k;
      }
    }
  }
}

TEST(ServerRestart, DeterministicSurvivorMethodsEndAtTheIterateOfARunWithoutTheCrash) {
  auto obj = small_problem();
  const IdentityCompressor id(kF64);
  const double gamma = 1.0 / obj->smoothness();
  WireFormat delta = kF64;
  delta.downlink = DownlinkEncoding::delta;
  for (const std::string name : {"gd", "dcgd", "marina", "pp_marina"}) {
    for (const WireFormat& wire : {kF64, delta}) {
      if (wire.downlink == DownlinkEncoding::delta && name != "marina" && name != "pp_marina") continue;
      MethodSpec spec = with_step(name, gamma);
      spec.p = TheoryValue::fixed(0.3);  // compressed rounds: differences across the restart
      spec.clients = 2;
      MethodInstance plain = build(*obj, spec, id, wire);
      const Vec expected = run_with_crash(plain, 50, Crash{});
      for (const Crash& crash : {Crash{20, 19, {}, true}, Crash{23, 10, {}, true}, Crash{7, -1, {}, true}}) {
        MethodInstance m = build(*obj, spec, id, wire);
        EXPECT_EQ(run_with_crash(m, 50, crash), expected)
            << name << (wire.downlink == DownlinkEncoding::delta ? " (delta downlink)" : "") << ", checkpoint "
            << crash.checkpoint << ", crash after " << crash.after;
      }
    }
  }
}

// With the identity compressor, DIANA with alpha = 1, EF21 and DASHA (whose a is then 1) are
// GD as long as the server's sum and the workers' states agree (DASHA from round 1: its round
// 0 only caches gradients): the reference is that GD run, to rounding.
std::vector<std::pair<MethodSpec, Vec>> stale_state_cases(const DistributedObjective& obj, double gamma) {
  MethodSpec diana = with_step("diana", gamma);
  diana.alpha = TheoryValue::fixed(1.0);
  const IdentityCompressor id(kF64);
  MethodInstance gd = build(obj, with_step("gd", gamma), id);
  const Vec gd_end = run_with_crash(gd, 40, Crash{});
  MethodInstance gd_shifted = build(obj, with_step("gd", gamma), id);
  const Vec dasha_end = run_with_crash(gd_shifted, 39, Crash{});  // DASHA's x^1 = x^0
  return {{diana, gd_end}, {with_step("ef21", gamma), gd_end}, {with_step("dasha", gamma), dasha_end}};
}

TEST(ServerRestart, StaleStateMethodsRebuildTheirSumAndStayOnTheirTrajectory) {
  auto obj = small_problem();
  const IdentityCompressor id(kF64);
  const double gamma = 1.0 / obj->smoothness();
  for (const auto& [spec, expected] : stale_state_cases(*obj, gamma)) {
    for (const Crash& crash : {Crash{20, 19, {}, true}, Crash{23, 10, {2}, true}, Crash{9, -1, {}, true}}) {
      MethodInstance m = build(*obj, spec, id);
      const Vec got = run_with_crash(m, 40, crash);
      EXPECT_LE((got - expected).norm(), 1e-12 * std::max(1.0, expected.norm()))
          << spec.name << ", checkpoint " << crash.checkpoint << ", crash after " << crash.after;
    }
  }
}

// The same crash without the rebuild: the server's sum is from round 10, the workers' states
// from round 23, and the run leaves the GD trajectory for good. (Shows the test above can fail.)
TEST(ServerRestart, WithoutTheRebuildAStaleStateServerLeavesItsTrajectory) {
  auto obj = small_problem();
  const IdentityCompressor id(kF64);
  const double gamma = 1.0 / obj->smoothness();
  for (const auto& [spec, expected] : stale_state_cases(*obj, gamma)) {
    MethodInstance m = build(*obj, spec, id);
    const Vec got = run_with_crash(m, 40, Crash{23, 10, {}, false});
    EXPECT_GT((got - expected).norm(), 1e-6) << spec.name;
  }
}

// With RandK the workers' random streams moved on during the rounds that are redone, so
// they draw other coordinates the second time: the run ends elsewhere, but it converges.
TEST(ServerRestart, WithRandomCompressorsTheRedoneRoundsDifferAndEveryMethodConverges) {
  auto obj = small_problem();
  const RandKCompressor randk(obj->dim(), 3, kF64);
  const IdentityCompressor id(kF64);
  const double start = obj->evaluate(Vec::Zero(obj->dim())).grad_norm_sq;
  for (const std::string& name : kMethods) {
    if (name == "vr_marina_online") continue;  // converges to a neighbourhood only
    MethodSpec spec = named(name);
    spec.clients = obj->workers();
    if (name == "diana" || name == "vr_diana" || name == "dcgd")
      spec.step_size = TheoryValue::fixed(0.5 / obj->smoothness());  // theory steps barely move in 3000 rounds
    const Compressor& q = name == "gd" ? static_cast<const Compressor&>(id) : randk;
    MethodInstance plain = build(*obj, spec, q), crashed = build(*obj, spec, q);
    const Vec no_crash = run_with_crash(plain, 3000, Crash{});
    const Vec x = run_with_crash(crashed, 3000, Crash{60, 40, {1}, true});
    if (name != "gd") {
      EXPECT_NE(x, no_crash) << name;
    }
    const double end = obj->evaluate(x).grad_norm_sq;
    EXPECT_LT(end, 1e-2 * start) << name << ": |grad f|^2 " << start << " -> " << end;
  }
}

}  // namespace
}  // namespace marina::testing

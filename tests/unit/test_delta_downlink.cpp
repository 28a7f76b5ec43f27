// wire.downlink = "delta" (issue 12, methods/algorithms/marina_downlink.hpp): on compressed
// rounds the server sends only the aggregate of the compressed messages and every party
// rebuilds g^{k+1} = g^k + aggregate. What must hold:
// - with the f64 wire the iterates are bit-identical to the dense downlink's, for MARINA,
//   VR-MARINA (both forms) and PP-MARINA, including under lost downlinks and resyncs;
// - every downlink costs exactly the encoded size of what it carries: the aggregate on the
//   union of the uplinks' supports (values = their mean) or g in full, whichever is cheaper;
// - with f32 every worker evaluates its gradients at exactly the server's x^k (and x^{k-1}):
//   server and workers hold the same g although nothing rounds it as a whole;
// - PP-MARINA: a client drawn again after skipping rounds receives the updates of g since the
//   oldest round any of the round's participants last took part in, or the points in f64.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <set>

#include "methods/algorithms/marina_downlink.hpp"
#include "methods/common/rng.hpp"
#include "variant_fixture.hpp"

namespace marina::testing {
namespace {

WireFormat wire(Precision precision, DownlinkEncoding downlink, IndexEncoding indices = IndexEncoding::automatic) {
  WireFormat w{precision, indices};
  w.downlink = downlink;
  return w;
}

bool same_bits(const Vec& a, const Vec& b) {
  return a.size() == b.size() &&
         std::memcmp(a.data(), b.data(), static_cast<std::size_t>(a.size()) * sizeof(double)) == 0;
}

MethodSpec variant(const std::string& name, double p = 0.1) {
  MethodSpec s = named(name);
  s.p = TheoryValue::fixed(p);
  s.step_size = TheoryValue::fixed(0.5);  // moves visibly in a few hundred rounds
  s.clients = 2;
  s.batch_size = 5;
  s.large_batch = 20;
  return s;
}

const std::vector<std::string> kFamily = {"marina", "vr_marina", "vr_marina_online", "pp_marina"};

// Every round's plan and uplinks, and x^k.
class DownlinkLog final : public RoundObserver {
 public:
  struct Round {
    DownlinkPtr down;
    std::vector<int> participants;
    std::vector<Uplink> uplinks;
    Vec x;
  };
  bool on_round(const RoundReport& report, const Vec& x) override {
    rounds.push_back(Round{report.plan->downlink, report.plan->participants,
                           std::vector<Uplink>(report.uplinks.begin(), report.uplinks.end()), x});
    return true;
  }
  std::vector<Round> rounds;
};

DownlinkLog run(const DistributedObjective& obj, const MethodSpec& spec, const Compressor& q, WireFormat w,
                std::int64_t rounds) {
  MethodInstance m = make_method(spec, MethodContext{obj, q, w, Vec::Zero(obj.dim())});
  DownlinkLog log;
  run_plain_loop(m, rounds, 7, log);
  return log;
}

void expect_same_iterates(const DownlinkLog& a, const DownlinkLog& b, const std::string& what) {
  ASSERT_EQ(a.rounds.size(), b.rounds.size()) << what;
  for (std::size_t k = 0; k < a.rounds.size(); ++k)
    ASSERT_TRUE(same_bits(a.rounds[k].x, b.rounds[k].x)) << what << ", round " << k;
  ASSERT_GT((a.rounds.back().x - a.rounds.front().x).norm(), 1e-2) << what << ": the run did not move";
}

// Downlinks whose direction, or whose PP-MARINA log, holds a sparse increment.
int sparse_downlinks(const DownlinkLog& log) {
  int count = 0;
  for (const auto& r : log.rounds) {
    bool sparse = r.down->direction.kind == Message::Kind::sparse;
    for (const Message& u : r.down->updates) sparse = sparse || u.kind == Message::Kind::sparse;
    count += sparse ? 1 : 0;
  }
  return count;
}

TEST(DeltaDownlink, IteratesAreBitIdenticalToTheDenseDownlinkWithTheF64Wire) {
  auto obj = small_problem(4, 30);
  for (const Index k : {1, 4}) {
    const RandKCompressor q(obj->dim(), k, wire(Precision::f64, DownlinkEncoding::dense));
    for (const std::string& name : kFamily) {
      const std::string what = name + ", K = " + std::to_string(k);
      const auto dense = run(*obj, variant(name), q, wire(Precision::f64, DownlinkEncoding::dense), 400);
      const auto delta = run(*obj, variant(name), q, wire(Precision::f64, DownlinkEncoding::delta), 400);
      expect_same_iterates(dense, delta, what);
      // The comparison covers sparse downlinks, not only the dense fallback.
      EXPECT_GT(sparse_downlinks(delta), 100) << what;
      EXPECT_EQ(sparse_downlinks(dense), 0) << what;
    }
  }
}

// The same for a compressor whose messages are dense (the delta downlink falls back to g in
// full, PP-MARINA often to the points) and for PermK (the union covers every coordinate).
TEST(DeltaDownlink, IteratesAreBitIdenticalWhenTheDenseEncodingIsCheaper) {
  auto obj = small_problem(4, 30);
  const IdentityCompressor identity(wire(Precision::f64, DownlinkEncoding::dense));
  for (const std::string& name : kFamily) {
    const auto dense = run(*obj, variant(name), identity, wire(Precision::f64, DownlinkEncoding::dense), 200);
    const auto delta = run(*obj, variant(name), identity, wire(Precision::f64, DownlinkEncoding::delta), 200);
    expect_same_iterates(dense, delta, name + ", identity");
    EXPECT_EQ(sparse_downlinks(delta), 0) << name;
  }
  const auto perm = make_compressor(CompressorSpec{"perm_k", 1, 1, 4}, obj->dim(), wire(Precision::f64, DownlinkEncoding::dense));
  const auto dense = run(*obj, variant("marina"), *perm, wire(Precision::f64, DownlinkEncoding::dense), 200);
  const auto delta = run(*obj, variant("marina"), *perm, wire(Precision::f64, DownlinkEncoding::delta), 200);
  expect_same_iterates(dense, delta, "marina, perm_k");
}

// Round k's downlink (k >= 1) carries the update made of round k-1's uplinks: after a dense
// round g in full; after a compressed one the mean of the uplinks on the union of their
// supports, unless g in full is cheaper. Checked against an independent computation.
// Returns how many downlinks were sparse and how many fell back to g in full.
std::pair<int, int> check_marina_downlink_bits(const DownlinkLog& log, const WireFormat& w, Index d,
                                               const std::string& what) {
  int sparse = 0, fallback = 0;
  for (std::size_t k = 1; k < log.rounds.size(); ++k) {
    const Downlink& down = *log.rounds[k].down;
    const auto& previous = log.rounds[k - 1];
    EXPECT_EQ(down.control_bits, 2u) << what << ": the coin and the sparse/dense flag";
    EXPECT_EQ(down.bits(), down.direction.bits + 2) << what;
    if (previous.down->coin) {
      EXPECT_TRUE(down.direction.is_dense()) << what << ", round " << k;
      EXPECT_EQ(down.direction.bits, static_cast<std::uint64_t>(d) * w.value_bits()) << what;
      continue;
    }
    std::map<Index, double> sum;
    for (const Uplink& u : previous.uplinks)
      for (std::size_t j = 0; j < u.message.indices.size(); ++j) sum[u.message.indices[j]] += u.message.values[j];
    const auto entries = static_cast<Index>(sum.size());
    // A count of ceil(log2(d+1)) bits, then the cheapest valid index encoding, then values.
    const std::uint64_t per_index = bits_per_index(d);
    const std::uint64_t index_cost =
        std::min({static_cast<std::uint64_t>(entries) * per_index, static_cast<std::uint64_t>(entries) * 32,
                  static_cast<std::uint64_t>(d)});
    const std::uint64_t sparse_bits = bits_per_index(d + 1) + index_cost + static_cast<std::uint64_t>(entries) * w.value_bits();
    const std::uint64_t dense_bits = static_cast<std::uint64_t>(d) * w.value_bits();
    if (sparse_bits > dense_bits) {
      ++fallback;
      EXPECT_TRUE(down.direction.is_dense()) << what << ", round " << k;
      EXPECT_EQ(down.direction.bits, dense_bits) << what;
      continue;
    }
    ++sparse;
    EXPECT_EQ(down.direction.kind, Message::Kind::sparse) << what << ", round " << k;
    EXPECT_EQ(down.direction.bits, sparse_bits) << what << ", round " << k;
    if (down.direction.indices.size() != sum.size()) {
      ADD_FAILURE() << what << ", round " << k << ": the support is not the union of the uplinks'";
      continue;
    }
    std::size_t j = 0;
    for (const auto& [index, total] : sum) {
      EXPECT_EQ(down.direction.indices[j], index) << what;
      EXPECT_EQ(down.direction.values[j], w.round(total / static_cast<double>(previous.uplinks.size()))) << what;
      ++j;
    }
  }
  return {sparse, fallback};
}

TEST(DeltaDownlink, DownlinkBitsAreTheEncodedSizeOfTheAggregate) {
  auto obj = small_problem(4, 30);
  for (const Precision precision : {Precision::f64, Precision::f32}) {
    // indices = none is for supports the receiver regenerates; the union must travel.
    for (const IndexEncoding indices : {IndexEncoding::automatic, IndexEncoding::none}) {
      for (const Index k : {1, 5, 20}) {
        const WireFormat w = wire(precision, DownlinkEncoding::delta, indices);
        const RandKCompressor q(obj->dim(), k, w);
        const std::string what = to_string(precision) + ", indices " + to_string(indices) + ", K = " + std::to_string(k);
        const auto [sparse, fallback] = check_marina_downlink_bits(run(*obj, variant("marina"), q, w, 300), w, obj->dim(), what);
        // d = 31, n = 4: up to 4K entries; with K = 20 the union is often all 31 coordinates
        // (or 30 in f32), which costs more than g in full.
        if (k <= 5) {
          EXPECT_GT(sparse, 100) << what;
        } else {
          EXPECT_GT(fallback, 10) << what;
        }
      }
    }
  }
}

TEST(DeltaDownlink, ExplicitSparseBitsCountTheLengthTheIndicesAndTheValues) {
  const WireFormat log2{Precision::f32, IndexEncoding::log2};
  EXPECT_EQ(log2.explicit_sparse_bits(300, 10), 9u + 10u * 9 + 10u * 32);  // ceil(log2 301) = 9
  const WireFormat none{Precision::f64, IndexEncoding::none};              // falls back to auto
  EXPECT_EQ(none.explicit_sparse_bits(300, 10), 9u + 10u * 9 + 10u * 64);
  EXPECT_EQ(none.explicit_sparse_bits(300, 100), 9u + 300u + 100u * 64);  // the mask is cheaper
  EXPECT_EQ(none.explicit_sparse_bits(300, 0), 9u);
}

// An objective that records every point a worker evaluates a gradient at.
class PointRecorder final : public Objective {
 public:
  PointRecorder(std::shared_ptr<const Objective> f, std::shared_ptr<std::vector<Vec>> points)
      : f_(std::move(f)), points_(std::move(points)) {}
  Index dim() const override { return f_->dim(); }
  Index samples() const override { return f_->samples(); }
  double value(const Vec& x) const override { return f_->value(x); }
  void gradient(const Vec& x, Vec& out) const override {
    points_->push_back(x);
    f_->gradient(x, out);
  }
  void minibatch_gradient(const Vec& x, std::span<const Index> rows, Vec& out) const override {
    points_->push_back(x);
    f_->minibatch_gradient(x, rows, out);
  }
  double smoothness() const override { return f_->smoothness(); }
  Work gradient_work() const override { return f_->gradient_work(); }
  Work minibatch_work(std::span<const Index> rows) const override { return f_->minibatch_work(rows); }

 private:
  std::shared_ptr<const Objective> f_;
  std::shared_ptr<std::vector<Vec>> points_;
};

// After each round, the points evaluated during it; each must be x^k or x^{k-1} to the bit.
class AgreementCheck final : public RoundObserver {
 public:
  explicit AgreementCheck(std::shared_ptr<std::vector<Vec>> points) : points_(std::move(points)) {}
  bool on_round(const RoundReport& report, const Vec& x) override {
    for (const Vec& p : *points_) {
      const bool current = same_bits(p, x), previous = report.round > 0 && same_bits(p, previous_);
      if (!current && !previous) ++disagreements;
      ++evaluated;
    }
    points_->clear();
    previous_ = x;
    return true;
  }
  int disagreements = 0, evaluated = 0;

 private:
  std::shared_ptr<std::vector<Vec>> points_;
  Vec previous_;
};

TEST(DeltaDownlink, WithTheF32WireWorkersEvaluateAtExactlyTheServersIterates) {
  auto base = small_problem(4, 30);
  auto points = std::make_shared<std::vector<Vec>>();
  std::vector<std::shared_ptr<const Objective>> locals;
  for (int i = 0; i < base->workers(); ++i) locals.push_back(std::make_shared<PointRecorder>(base->local_ptr(i), points));
  const DistributedObjective obj(std::move(locals));
  for (const Precision precision : {Precision::f32, Precision::f16}) {
    const WireFormat w = wire(precision, DownlinkEncoding::delta);
    const RandKCompressor q(obj.dim(), 2, w);
    for (const std::string& name : kFamily) {
      MethodInstance m = make_method(variant(name), MethodContext{obj, q, w, Vec::Zero(obj.dim())});
      AgreementCheck check(points);
      run_plain_loop(m, 300, 3, check);
      EXPECT_EQ(check.disagreements, 0) << name << ", " << to_string(precision);
      EXPECT_GT(check.evaluated, 600) << name;
    }
  }
}

// PP-MARINA: which updates a round's downlink carries, tracked independently from the
// participation history: every participant last took part in round last[i] (all took part in
// round 0 and in every dense round), and the log runs from the oldest of those to k-1.
TEST(DeltaDownlink, PpMarinaClientsCatchUpFromTheRoundTheyLastTookPartIn) {
  auto obj = small_problem(6, 30);
  const WireFormat w = wire(Precision::f64, DownlinkEncoding::delta);
  const RandKCompressor q(obj->dim(), 1, w);
  MethodSpec spec = variant("pp_marina", 0.05);
  spec.clients = 1;
  const auto log = run(*obj, spec, q, w, 400);
  std::vector<std::int64_t> last(6, 0);
  int logs = 0, long_gaps = 0;
  for (std::size_t k = 1; k < log.rounds.size(); ++k) {
    const auto& r = log.rounds[k];
    std::int64_t oldest = static_cast<std::int64_t>(k);
    for (const int c : r.participants) oldest = std::min(oldest, last[static_cast<std::size_t>(c)]);
    const Downlink& down = *r.down;
    if (!down.updates.empty()) {
      ++logs;
      ASSERT_EQ(down.updates_from, oldest) << "round " << k;
      ASSERT_EQ(static_cast<std::int64_t>(down.updates.size()), static_cast<std::int64_t>(k) - oldest);
      ASSERT_EQ(down.control_bits, 1u + 1u + 32u);  // coin, log-or-points flag, 32-bit log length
      std::uint64_t bits = down.control_bits;
      for (const Message& u : down.updates) bits += u.bits;
      ASSERT_EQ(down.bits(), bits);
      if (down.updates.size() >= 5) ++long_gaps;
    } else {
      ASSERT_TRUE(down.coin ? down.model.is_dense() : down.previous_model.is_dense() && down.direction.is_dense());
    }
    for (const int c : r.participants) last[static_cast<std::size_t>(c)] = static_cast<std::int64_t>(k);
  }
  EXPECT_GT(logs, 300);
  EXPECT_GT(long_gaps, 30);  // clients that skipped several rounds were caught up
}

// Lost downlinks and uplinks, driven as the simulator does (test_fault_protocol.cpp): a worker
// that missed a downlink gets resync_downlink() when next contacted.
std::vector<Vec> run_lossy(const DistributedObjective& obj, const MethodSpec& spec, const Compressor& q,
                           const WireFormat& w, std::int64_t rounds) {
  MethodInstance m = make_method(spec, MethodContext{obj, q, w, Vec::Zero(obj.dim())});
  Rng server_rng = make_rng(1, StreamRole::server);
  std::vector<Rng> rngs;
  for (std::size_t i = 0; i < m.workers.size(); ++i) rngs.push_back(make_rng(1, StreamRole::worker, i));
  std::vector<std::int64_t> last_delivered(m.workers.size(), -1);
  std::vector<Vec> iterates;
  for (std::int64_t k = 0; k <= rounds; ++k) {
    const RoundPlan plan = m.server->plan(k, server_rng);
    std::vector<Uplink> uplinks;
    DownlinkPtr resync;
    for (const int wk : plan.participants) {
      const auto i = static_cast<std::size_t>(wk);
      if (wk == 2 && k >= 20 && k < 35) continue;  // worker 2 is away for 15 rounds
      DownlinkPtr d = plan.downlink;
      if (last_delivered[i] != k - 1) {
        if (!resync) resync = m.server->resync_downlink(plan.downlink);
        d = resync;
      }
      last_delivered[i] = k;
      Uplink u = m.workers[i]->step(*d, rngs[i]);
      if (wk == 1 && k % 7 == 3) continue;  // worker 1's uplink is lost now and then
      uplinks.push_back(std::move(u));
    }
    m.server->aggregate(uplinks);
    iterates.push_back(m.server->iterate());
  }
  return iterates;
}

TEST(DeltaDownlink, AfterMissedDownlinksAResyncRestoresTheDenseDownlinksTrajectory) {
  auto obj = small_problem(4, 30);
  const RandKCompressor q(obj->dim(), 2, wire(Precision::f64, DownlinkEncoding::dense));
  for (const std::string& name : kFamily) {
    const auto dense = run_lossy(*obj, variant(name), q, wire(Precision::f64, DownlinkEncoding::dense), 200);
    const auto delta = run_lossy(*obj, variant(name), q, wire(Precision::f64, DownlinkEncoding::delta), 200);
    ASSERT_EQ(dense.size(), delta.size());
    for (std::size_t k = 0; k < dense.size(); ++k) ASSERT_TRUE(same_bits(dense[k], delta[k])) << name << ", round " << k;
  }
}

}  // namespace
}  // namespace marina::testing

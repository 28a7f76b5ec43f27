// Helpers for the MARINA-variant tests: a round log that keeps what IterateRecorder does not
// (participants, oracle calls, downlink control bits, shared seeds), and a correlated probe
// compressor that records the seed each worker was given.
#pragma once

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "method_fixture.hpp"
#include "methods/common/input_error.hpp"

namespace marina::testing {

struct LoggedRound {
  bool dense = false;
  std::vector<int> participants;
  std::int64_t oracle_calls = 0;  // summed over the round's uplinks
  std::uint64_t control_bits = 0;
  std::uint64_t shared_seed = 0;
  bool has_model = false, has_previous_model = false;
};

class RoundLog final : public RoundObserver {
 public:
  bool on_round(const RoundReport& report, const Vec& x) override {
    LoggedRound r;
    const Downlink& down = *report.plan->downlink;
    r.dense = down.coin;
    r.participants = report.plan->participants;
    for (const Uplink& u : report.uplinks) r.oracle_calls += u.work.oracle_calls;
    r.control_bits = down.control_bits;
    r.shared_seed = down.shared_seed;
    r.has_model = down.model.kind != Message::Kind::empty;
    r.has_previous_model = down.previous_model.kind != Message::Kind::empty;
    rounds.push_back(std::move(r));
    iterates.push_back(x);
    return true;
  }
  std::vector<LoggedRound> rounds;
  std::vector<Vec> iterates;
};

inline RoundLog run_logged(const DistributedObjective& obj, const MethodSpec& spec, const Compressor& q,
                           WireFormat wire, std::int64_t rounds, std::uint64_t seed = 1) {
  MethodContext ctx{obj, q, wire, Vec::Zero(obj.dim())};
  MethodInstance m = make_method(spec, ctx);
  RoundLog log;
  run_plain_loop(m, rounds, seed, log);
  return log;
}

// Sends x in full, like the identity, but declares itself correlated and records the
// (worker, shared seed) of every call; clones share the record.
class SeedProbeCompressor final : public Compressor {
 public:
  using Record = std::vector<std::pair<int, std::uint64_t>>;
  explicit SeedProbeCompressor(WireFormat wire) : wire_(wire), record_(std::make_shared<Record>()) {}
  std::string name() const override { return "seed_probe"; }
  bool unbiased() const override { return true; }
  double omega(Index) const override { return 0.0; }
  bool correlated() const override { return true; }
  double expected_density(Index d) const override { return static_cast<double>(d); }
  std::unique_ptr<Compressor> clone() const override { return std::make_unique<SeedProbeCompressor>(*this); }
  const Record& record() const { return *record_; }

 private:
  Message encode(const Vec& x, Rng&, const CompressionContext& ctx) const override {
    record_->emplace_back(ctx.worker, ctx.shared_seed);
    return encode_dense(x, wire_);
  }
  WireFormat wire_;
  std::shared_ptr<Record> record_;
};

}  // namespace marina::testing

// Metrics of a run: cumulative bits (uplink per worker and in total, downlink), oracle
// calls, dense rounds, and f / ||grad f||^2 evaluated off the simulated clock every
// eval_every rounds. Metrics never go through logs (DESIGN.md "Inputs and outputs").
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "methods/algorithms/round_observer.hpp"
#include "methods/common/thread_pool.hpp"
#include "methods/problems/distributed_objective.hpp"
#include "sim/scenario/target_metric.hpp"

namespace marina {

struct TraceRow;

struct RecorderOptions {
  std::int64_t rounds = 0;
  std::int64_t eval_every = 1;
  std::vector<double> targets;        // thresholds on `metric`
  TargetMetric metric = TargetMetric::grad_norm_sq;  // run.target_metric
  double diverge_above = 1e10;
  // The paper's accounting leaves out g^0 (round 0's uplinks) and every downlink.
  bool count_initial_uplinks = true;
  bool count_downlink = true;
  // Called after every evaluated round (e.g. to show progress on a terminal).
  std::function<void(const TraceRow&)> on_evaluation;
  // Cumulative joules of the run so far, read at every evaluated round; nullopt (or no function)
  // when energy is off.
  std::function<std::optional<double>()> energy_j;
  // Test accuracy at x, at every evaluated round (a network with data.test); none otherwise.
  std::function<double(const Vec&)> test_accuracy;
  // Threads evaluating the workers' local losses (run.threads; results do not depend on it).
  int threads = 1;
};

struct TraceRow {
  std::int64_t round = 0;
  double sim_time_s = 0.0;
  double uplink_bits_per_worker = 0.0;  // cumulative uplink bits / n (the paper's #bits/n)
  std::uint64_t uplink_bits_total = 0;
  std::uint64_t downlink_bits_total = 0;  // bits sent by the server, summed over receivers
  std::int64_t oracle_calls = 0;          // per-sample gradients, summed over workers
  bool dense = false;                     // every uplink of this round was uncompressed
  std::int64_t dense_rounds = 0;          // cumulative count of such rounds
  double comm_time_s = 0.0;     // cumulative: server had a transfer in flight
  double compute_time_s = 0.0;  // cumulative: slowest worker's computation + aggregation
  std::optional<double> energy_j;  // cumulative joules at the end of the round (energy on only)
  std::optional<double> test_accuracy;  // fraction of the test set classified right (data.test only)
  Evaluation eval;
};

struct TargetHit {
  double threshold = 0.0;
  std::optional<TraceRow> first;  // first evaluated row whose target metric is <= threshold
};

class Recorder final : public RoundObserver {
 public:
  Recorder(const DistributedObjective& objective, RecorderOptions options);
  bool on_round(const RoundReport& report, const Vec& x) override;
  // The last round reported gets its row if it had none, so that the trace ends where the
  // run did (summary.json's "final").
  void on_cut_short(const Vec& x) override;

  const std::vector<TraceRow>& rows() const { return rows_; }
  const std::vector<TargetHit>& targets() const { return targets_; }
  bool diverged() const { return diverged_round_.has_value(); }
  std::optional<std::int64_t> diverged_round() const { return diverged_round_; }
  std::string divergence_reason() const { return divergence_reason_; }
  const std::vector<std::uint64_t>& uplink_bits_by_worker() const { return uplink_bits_by_worker_; }

 private:
  void record(const TraceRow& row);

  const DistributedObjective& objective_;
  RecorderOptions options_;
  std::unique_ptr<ThreadPool> pool_;  // evaluations in parallel when threads > 1
  TraceRow current_;  // running totals
  bool reported_ = false;       // a round was reported
  bool last_recorded_ = false;  // the last round reported has its row
  std::vector<std::uint64_t> uplink_bits_by_worker_;
  std::vector<TraceRow> rows_;
  std::vector<TargetHit> targets_;
  std::optional<std::int64_t> diverged_round_;
  std::string divergence_reason_;
};

}  // namespace marina

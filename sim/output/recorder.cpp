#include "sim/output/recorder.hpp"

#include <cmath>
#include <sstream>

namespace marina {

Recorder::Recorder(const DistributedObjective& objective, RecorderOptions options)
    : objective_(objective), options_(std::move(options)),
      uplink_bits_by_worker_(static_cast<std::size_t>(objective.workers()), 0) {
  for (double t : options_.targets) targets_.push_back(TargetHit{t, std::nullopt});
  if (options_.threads > 1) pool_ = std::make_unique<ThreadPool>(options_.threads);
}

bool Recorder::on_round(const RoundReport& report, const Vec& x) {
  TraceRow& row = current_;
  reported_ = true;
  last_recorded_ = false;
  row.round = report.round;
  row.sim_time_s = report.sim_time;
  row.comm_time_s += report.comm_time_s;
  row.compute_time_s += report.compute_time_s;
  if (options_.count_downlink)
    row.downlink_bits_total +=
        report.downlink_bits ? *report.downlink_bits : report.plan->downlink->bits() * report.plan->participants.size();
  const bool count_uplinks = report.round > 0 || options_.count_initial_uplinks;
  bool all_dense = !report.uplinks.empty();
  for (const Uplink& u : report.uplinks) {
    const std::uint64_t bits = count_uplinks ? u.message.bits : 0;
    row.uplink_bits_total += bits;
    uplink_bits_by_worker_[static_cast<std::size_t>(u.worker)] += bits;
    row.oracle_calls += u.work.oracle_calls;
    all_dense = all_dense && u.message.is_dense();
  }
  for (const Uplink& u : report.recovery_uplinks) {
    row.uplink_bits_total += u.message.bits;
    uplink_bits_by_worker_[static_cast<std::size_t>(u.worker)] += u.message.bits;
  }
  row.uplink_bits_per_worker =
      static_cast<double>(row.uplink_bits_total) / static_cast<double>(objective_.workers());
  row.dense = all_dense;
  row.dense_rounds += all_dense ? 1 : 0;

  const bool finite_iterate = x.allFinite();
  const bool scheduled = report.round % options_.eval_every == 0 || report.round >= options_.rounds;
  if (!scheduled && finite_iterate) return true;
  last_recorded_ = true;

  // Read at the end of the round, on the simulated clock of report.sim_time.
  if (options_.energy_j) row.energy_j = options_.energy_j();
  // Evaluation is off the simulated clock: it costs wall time only.
  row.eval = objective_.evaluate(x, pool_.get());
  if (options_.test_accuracy) row.test_accuracy = options_.test_accuracy(x);
  record(row);
  if (options_.on_evaluation) options_.on_evaluation(row);

  const double g = row.eval.grad_norm_sq;
  std::string reason;
  if (!finite_iterate) reason = "the iterate has a NaN or infinite coordinate";
  else if (!std::isfinite(row.eval.loss) || !std::isfinite(g)) reason = "f(x) or ||grad f(x)||^2 is not finite";
  else if (g > options_.diverge_above) {
    std::ostringstream s;
    s << "||grad f(x)||^2 = " << g << " exceeds run.diverge_above = " << options_.diverge_above;
    reason = s.str();
  }
  if (!reason.empty()) {
    diverged_round_ = report.round;
    divergence_reason_ = reason;
    return false;
  }
  return true;
}

void Recorder::on_cut_short(const Vec& x) {
  if (!reported_ || last_recorded_) return;
  if (options_.energy_j) current_.energy_j = options_.energy_j();
  current_.eval = objective_.evaluate(x);
  record(current_);
  last_recorded_ = true;
}

void Recorder::record(const TraceRow& row) {
  rows_.push_back(row);
  for (TargetHit& t : targets_)
    if (!t.first && metric_value(row.eval, options_.metric) <= t.threshold) t.first = row;
}

}  // namespace marina

// Reads back what `marina-sim run` wrote: summary.json and trace.csv. Sweep tables and
// plots are built from these files only, so they can be rebuilt from run folders made on
// other machines (marina-sim sweep --collect).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "sim/scenario/sweep_spec.hpp"
#include "sim/scenario/target_metric.hpp"

namespace marina {

struct TracePoint {
  double round = 0, sim_time_s = 0, uplink_bits_per_worker = 0, oracle_calls = 0, grad_norm_sq = 0, loss = 0;
  double local_grad_norm_sq_mean = 0;
  std::optional<double> energy_j;  // the energy_j column, present when the run metered energy
  double value(TargetMetric metric) const {
    switch (metric) {
      case TargetMetric::grad_norm_sq: return grad_norm_sq;
      case TargetMetric::local_grad_norm_sq_mean: return local_grad_norm_sq_mean;
      case TargetMetric::loss: return loss;
    }
    return grad_norm_sq;
  }
};

struct RunFolder {
  std::string path;
  nlohmann::json summary;
  std::vector<TracePoint> trace;
};

// The data set a run used, as tables and figures name it: the file name, or "synthetic".
std::string dataset_label(const nlohmann::json& summary);
// The run's run.target_metric (summary.json's target_metric; grad_norm_sq for runs made before
// it existed). InputError naming the file for an unknown name.
TargetMetric run_metric(const RunFolder& run);

// The samples of all shards together (summary.json's samples_per_worker): an epoch is that many
// oracle calls.
double total_samples(const nlohmann::json& summary);

// A file's bytes; InputError naming it when it cannot be opened.
std::string read_file_text(const std::string& path);

// True when the folder holds a finished run (summary.json is written last, atomically).
bool is_finished_run(const std::string& path);
// Throws InputError naming the file when summary.json or trace.csv is missing or malformed.
RunFolder read_run_folder(const std::string& path);

// Where a sweep point's run folder lives: SWEEP_DIR/runs/<point name>.
std::string run_folder_of(const std::string& sweep_dir, const SweepPoint& point);

}  // namespace marina

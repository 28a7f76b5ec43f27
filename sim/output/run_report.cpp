#include "sim/output/run_report.hpp"

#include <utility>

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "methods/compressors/compressor_registry.hpp"
#include "methods/theory/complexity.hpp"
#include "sim/scenario/number_format.hpp"

namespace marina {

namespace {

nlohmann::json optional_number(const std::optional<double>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

nlohmann::json row_point(const TraceRow& r) {
  return {{"round", r.round},
          {"sim_time_s", r.sim_time_s},
          {"uplink_bits_per_worker", r.uplink_bits_per_worker},
          {"oracle_calls", r.oracle_calls},
          {"loss", r.eval.loss},
          {"grad_norm_sq", r.eval.grad_norm_sq},
          {"local_grad_norm_sq_mean", r.eval.local_grad_norm_sq_mean}};
}

// A compressor's parameter as the run used it: null for a compressor that does not read the key.
nlohmann::json compressor_parameter(const Scenario& s, const std::string& compressor_name, const char* key) {
  const CompressorDescription* c = find_compressor(compressor_name);
  return c != nullptr && compressor_reads(*c, key) ? nlohmann::json(s.get_int(key)) : nlohmann::json(nullptr);
}

// summary.json's energy: the engine's per host and link joules, plus for each run.targets
// threshold the cumulative joules at the evaluated round that first reached it.
nlohmann::json energy_json(RunFacts& f) {
  if (f.energy.is_null()) return nullptr;
  nlohmann::json j = std::move(f.energy);
  nlohmann::json targets = nlohmann::json::array();
  for (const TargetHit& t : f.recorder.targets())
    targets.push_back({{"threshold", t.threshold},
                       {"joules", t.first && t.first->energy_j ? nlohmann::json(*t.first->energy_j)
                                                                : nlohmann::json(nullptr)}});
  j["targets"] = targets;
  return j;
}

// "ok", or why the run ended early.
std::string status(const RunFacts& f) {
  if (f.recorder.diverged()) return "diverged";
  if (!f.server_lost.is_null()) return "server_lost";
  return "ok";
}

}  // namespace

std::string trace_csv(const std::vector<TraceRow>& rows) {
  const bool energy = !rows.empty() && rows.front().energy_j.has_value();
  const bool accuracy = !rows.empty() && rows.front().test_accuracy.has_value();
  std::string out =
      "round,sim_time_s,uplink_bits_per_worker,uplink_bits_total,downlink_bits_total,oracle_calls,"
      "dense,dense_rounds,loss,grad_norm_sq,local_grad_norm_sq_mean,comm_time_s,compute_time_s";
  out += energy ? ",energy_j" : "";
  out += accuracy ? ",test_accuracy\n" : "\n";
  for (const TraceRow& r : rows) {
    out += std::to_string(r.round) + ',' + format_number(r.sim_time_s) + ',' +
           format_number(r.uplink_bits_per_worker) + ',' + std::to_string(r.uplink_bits_total) + ',' +
           std::to_string(r.downlink_bits_total) + ',' + std::to_string(r.oracle_calls) + ',' +
           (r.dense ? "1" : "0") + ',' + std::to_string(r.dense_rounds) + ',' + format_number(r.eval.loss) +
           ',' + format_number(r.eval.grad_norm_sq) + ',' + format_number(r.eval.local_grad_norm_sq_mean) + ',' +
           format_number(r.comm_time_s) + ',' + format_number(r.compute_time_s);
    if (energy) out += ',' + format_number(r.energy_j.value_or(0.0));
    if (accuracy) out += ',' + format_number(r.test_accuracy.value_or(0.0));
    out += '\n';
  }
  return out;
}

nlohmann::json summary_json(RunFacts&& f) {
  const Scenario& s = f.scenario;
  const Experiment& ex = f.experiment;
  const ResolvedParameters& prm = ex.method.parameters;
  const auto& rows = f.recorder.rows();
  nlohmann::json j;
  j["name"] = s.get_string("name");
  j["method"] = prm.method;
  j["compressor"] = ex.compressor->name();
  j["compressor_k"] = compressor_parameter(s, ex.compressor->name(), "compressor.k");
  j["compressor_levels"] = compressor_parameter(s, ex.compressor->name(), "compressor.levels");
  j["workers"] = ex.objective->workers();
  j["dim"] = ex.objective->dim();
  j["samples_per_worker"] = ex.shard_samples;
  j["data"] = ex.data_origin;
  j["rounds"] = rows.empty() ? 0 : rows.back().round;
  j["rounds_requested"] = s.get_int("run.rounds");
  j["eval_every"] = s.get_int("run.eval_every");
  j["target_metric"] = s.get_string("run.target_metric");
  j["seed"] = s.get_int("seed");
  j["step_size"] = prm.step_size;
  j["p"] = optional_number(prm.p);
  j["alpha"] = optional_number(prm.alpha);
  // What a method resolved besides gamma, p and alpha (null where it has no such parameter): the
  // minibatch b' actually drawn, VR-MARINA online's large batch b, PP-MARINA's r, DASHA's a.
  j["batch_size"] = optional_number(prm.batch_size);
  j["large_batch"] = optional_number(prm.large_batch);
  j["clients"] = optional_number(prm.clients);
  j["momentum"] = optional_number(prm.momentum);
  j["omega"] = prm.omega;
  j["zeta"] = prm.zeta;
  j["L"] = prm.smoothness;
  j["L_max"] = ex.objective->max_local_smoothness();
  j["lambda"] = ex.lambda;
  j["wire"] = {{"precision", to_string(ex.wire.precision)},
               {"indices", to_string(ex.wire.indices)},
               {"accounting", ex.wire.paper_accounting ? "paper" : "exact"},
               {"downlink", s.get_string("wire.downlink")}};
  j["network"] = f.network_accounting.is_object() ? std::move(f.network_accounting) : nlohmann::json::object();
  j["network"]["mode"] = f.network;
  j["network"]["platform"] = f.platform_file.empty() ? nlohmann::json(nullptr) : nlohmann::json(f.platform_file);
  if (!f.faults.is_null()) j["faults"] = std::move(f.faults);
  if (!f.timeline.is_null()) j["timeline"] = std::move(f.timeline);
  j["energy"] = energy_json(f);
  j["status"] = status(f);
  if (f.recorder.diverged()) {
    j["diverged"] = {{"round", *f.recorder.diverged_round()}, {"reason", f.recorder.divergence_reason()}};
  }
  if (!f.server_lost.is_null()) j["server_lost"] = f.server_lost;
  if (!rows.empty()) {
    const TraceRow& last = rows.back();
    j["final"] = {{"loss", last.eval.loss},
                  {"grad_norm_sq", last.eval.grad_norm_sq},
                  {"local_grad_norm_sq_mean", last.eval.local_grad_norm_sq_mean},
                  {"sim_time_s", last.sim_time_s},
                  {"uplink_bits_per_worker", last.uplink_bits_per_worker},
                  {"uplink_bits_total", last.uplink_bits_total},
                  {"downlink_bits_total", last.downlink_bits_total},
                  {"oracle_calls", last.oracle_calls},
                  {"dense_rounds", last.dense_rounds}};
    if (last.test_accuracy) j["final"]["test_accuracy"] = *last.test_accuracy;
    j["initial"] = {{"loss", rows.front().eval.loss},
                    {"grad_norm_sq", rows.front().eval.grad_norm_sq},
                    {"local_grad_norm_sq_mean", rows.front().eval.local_grad_norm_sq_mean}};
  }
  j["uplink_bits_by_worker"] = f.recorder.uplink_bits_by_worker();
  nlohmann::json targets = nlohmann::json::array();
  for (const TargetHit& t : f.recorder.targets()) {
    nlohmann::json tj = t.first ? row_point(*t.first) : nlohmann::json{{"round", nullptr},
                                                                     {"sim_time_s", nullptr},
                                                                     {"uplink_bits_per_worker", nullptr},
                                                                     {"oracle_calls", nullptr},
                                                                     {"loss", nullptr},
                                                                     {"grad_norm_sq", nullptr},
                                                                     {"local_grad_norm_sq_mean", nullptr}};
    tj["threshold"] = t.threshold;
    tj["reached"] = t.first.has_value();
    targets.push_back(tj);
  }
  j["targets"] = targets;
  const theory::ComplexityInputs in = theory::complexity_inputs(*ex.objective);
  if (const auto c = theory::table_a(prm, in))
    j["theory"] = {{"rounds_factor", c->rounds_factor},
                   {"floats_per_round", c->floats_per_round},
                   {"communication_factor", c->communication_factor},
                   {"rounds_formula", c->rounds_formula}};
  else
    j["theory"] = nullptr;
  return j;
}

std::string summary_table(const RunFacts& f) {
  const Experiment& ex = f.experiment;
  const auto& prm = ex.method.parameters;
  const auto& rows = f.recorder.rows();
  std::ostringstream o;
  char line[256];
  std::snprintf(line, sizeof line, "%-22s %s (%s), n=%d, d=%ld\n", "method", prm.method.c_str(),
                ex.compressor->name().c_str(), ex.objective->workers(), static_cast<long>(ex.objective->dim()));
  o << line;
  std::snprintf(line, sizeof line, "%-22s gamma=%.6g%s%s omega=%.6g L=%.6g\n", "parameters", prm.step_size,
                prm.p ? (" p=" + format_number(*prm.p)).c_str() : "",
                prm.alpha ? (" alpha=" + format_number(*prm.alpha)).c_str() : "", prm.omega, prm.smoothness);
  o << line;
  if (!rows.empty()) {
    const TraceRow& first = rows.front();
    const TraceRow& last = rows.back();
    std::snprintf(line, sizeof line, "%-22s %ld (%ld dense)\n", "rounds", static_cast<long>(last.round),
                  static_cast<long>(last.dense_rounds));
    o << line;
    std::snprintf(line, sizeof line, "%-22s %.6g -> %.6g\n", "f(x)", first.eval.loss, last.eval.loss);
    o << line;
    std::snprintf(line, sizeof line, "%-22s %.6g -> %.6g\n", "||grad f(x)||^2", first.eval.grad_norm_sq,
                  last.eval.grad_norm_sq);
    o << line;
    std::snprintf(line, sizeof line, "%-22s %.6g -> %.6g\n", "mean_i ||grad f_i||^2", first.eval.local_grad_norm_sq_mean,
                  last.eval.local_grad_norm_sq_mean);
    o << line;
    std::snprintf(line, sizeof line, "%-22s %.6g\n", "uplink bits / worker", last.uplink_bits_per_worker);
    o << line;
    std::snprintf(line, sizeof line, "%-22s %.6g\n", "downlink bits", static_cast<double>(last.downlink_bits_total));
    o << line;
    if (f.network == "simgrid") {
      std::snprintf(line, sizeof line, "%-22s %.6g\n", "simulated time [s]", last.sim_time_s);
      o << line;
    }
    if (!f.energy.is_null()) {
      std::snprintf(line, sizeof line, "%-22s %.6g J (hosts %.6g J, links %.6g J)\n", "energy",
                    f.energy["total_j"].get<double>(), f.energy["hosts_total_j"].get<double>(),
                    f.energy["links_total_j"].get<double>());
      o << line;
    }
    if (!f.faults.is_null()) {
      const auto count = [&](const char* key) { return static_cast<long>(f.faults[key].get<std::int64_t>()); };
      std::snprintf(line, sizeof line, "%-22s %ld of %ld rounds timed out (timeout %.6g s), %ld uplinks missed\n",
                    "faults", count("rounds_timed_out"), static_cast<long>(last.round + 1),
                    f.faults["round_timeout_s"].get<double>(), count("uplinks_missed"));
      o << line;
      std::snprintf(line, sizeof line, "%-22s %ld drops, %ld rejoins, %zu still dropped\n", "", count("workers_dropped"),
                    count("workers_rejoined"), f.faults["dropped_at_end"].size());
      o << line;
      if (f.faults.contains("server")) {
        const auto& server = f.faults["server"];
        const auto number = [&](const char* key) { return static_cast<long>(server[key].get<std::int64_t>()); };
        std::snprintf(line, sizeof line,
                      "%-22s %ld crashes, %ld restarts, %ld rounds redone, %ld checkpoints (%.6g s)\n",
                      "server", number("crashes"), number("restarts"), number("rounds_redone"),
                      number("checkpoints_written"), server["checkpoint_write_s"].get<double>());
        o << line;
      }
    }
  }
  if (!f.recorder.targets().empty()) {
    const TargetMetric metric = parse_target_metric(f.scenario.get_string("run.target_metric"));
    std::snprintf(line, sizeof line, "%-22s %s (run.target_metric = %s)\n", "targets on", metric_ascii(metric),
                  metric_name(metric));
    o << line;
  }
  for (const TargetHit& t : f.recorder.targets()) {
    if (t.first && t.first->energy_j)
      std::snprintf(line, sizeof line, "target %-15.3g round %ld, %.6g bits/worker, %.6g s, %.6g J\n", t.threshold,
                    static_cast<long>(t.first->round), t.first->uplink_bits_per_worker, t.first->sim_time_s,
                    *t.first->energy_j);
    else if (t.first)
      std::snprintf(line, sizeof line, "target %-15.3g round %ld, %.6g bits/worker, %.6g s\n", t.threshold,
                    static_cast<long>(t.first->round), t.first->uplink_bits_per_worker, t.first->sim_time_s);
    else
      std::snprintf(line, sizeof line, "target %-15.3g not reached\n", t.threshold);
    o << line;
  }
  std::snprintf(line, sizeof line, "%-22s %s\n", "status", status(f).c_str());
  o << line;
  if (!f.server_lost.is_null()) {
    const auto& round = f.server_lost["round"];
    const std::string when = round.is_null() ? "before round 0 was done" : "after round " + round.dump();
    std::snprintf(line, sizeof line, "%-22s down for good at %.6g s, %s\n", "",
                  f.server_lost["sim_time_s"].get<double>(), when.c_str());
    o << line;
  }
  return o.str();
}

}  // namespace marina

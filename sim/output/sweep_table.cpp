#include "sim/output/sweep_table.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <map>

#include "sim/scenario/number_format.hpp"
#include "sim/output/run_folder.hpp"

namespace fs = std::filesystem;

namespace marina {

namespace {

constexpr double kNotReached = std::numeric_limits<double>::infinity();

struct Target {
  std::string label;  // "rel1e-2" or "abs1e-4"
  bool relative;
  double value;
};

struct Reach {
  double rounds = kNotReached, bits = kNotReached, epochs = kNotReached, seconds = kNotReached;
  double joules = kNotReached;  // when the run metered energy (docs/energy.md)
};

struct RunMetrics {
  const SweepPoint* point;
  nlohmann::json summary;
  std::vector<Reach> reach;  // one per target
  bool energy = false;       // its trace has energy_j
};

std::vector<Target> table_targets(const SweepSpec& spec) {
  std::vector<Target> t;
  for (double v : spec.relative_targets) t.push_back({"rel" + format_number(v), true, v});
  for (double v : spec.targets) t.push_back({"abs" + format_number(v), false, v});
  return t;
}

double total_samples(const nlohmann::json& summary) {
  double total = 0;
  for (const auto& m : summary.at("samples_per_worker")) total += m.get<double>();
  return total;
}

Reach first_reach(const RunFolder& run, const Target& target) {
  Reach r;
  if (run.trace.empty()) return r;
  const double threshold = target.relative ? target.value * run.trace.front().grad_norm_sq : target.value;
  const double samples = total_samples(run.summary);
  for (const TracePoint& p : run.trace)
    if (p.grad_norm_sq <= threshold) {
      return Reach{p.round, p.uplink_bits_per_worker, p.oracle_calls / samples, p.sim_time_s,
                   p.energy_j.value_or(kNotReached)};
    }
  return r;
}

// Runs that differ only by their seed form one row.
std::string group_key(const SweepPoint& p) {
  std::string key;
  for (const auto& [k, v] : p.axes)
    if (k != "seed") key += k + "=" + v + ";";
  return key;
}

struct Stat {
  double median = kNotReached, min = kNotReached, max = kNotReached;
  int reached = 0, total = 0;
};

Stat stat_of(std::vector<double> v) {
  Stat s;
  s.total = static_cast<int>(v.size());
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  for (double x : v) s.reached += std::isfinite(x) ? 1 : 0;
  const std::size_t n = v.size();
  // A run that never reaches the target counts as +infinity, so the median says "not
  // reached" exactly when at most half the seeds reached it.
  s.median = n % 2 ? v[n / 2] : (std::isfinite(v[n / 2]) ? 0.5 * (v[n / 2 - 1] + v[n / 2]) : kNotReached);
  s.min = v.front();
  s.max = v.back();
  return s;
}

std::string csv_number(double v) { return std::isfinite(v) ? format_number(v) : "not reached"; }

std::string short_number(double v) {
  if (!std::isfinite(v)) return "not reached";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

std::string md_stat(const Stat& s) {
  if (s.total <= 1) return short_number(s.median);
  std::string out = short_number(s.median);
  if (s.reached > 0) out += " [" + short_number(s.min) + ", " + short_number(s.max) + "]";
  if (s.reached < s.total) out += " (" + std::to_string(s.reached) + "/" + std::to_string(s.total) + " reached)";
  return out;
}

std::string json_text(const nlohmann::json& j) {
  if (j.is_null()) return "-";
  if (j.is_string()) return j.get<std::string>();
  if (j.is_number_float()) return format_number(j.get<double>());
  return j.dump();
}

}  // namespace

SweepTable build_sweep_table(const SweepSpec& spec, const std::string& sweep_dir) {
  SweepTable out;
  const auto targets = table_targets(spec);
  std::vector<std::string> order;
  std::map<std::string, std::vector<RunMetrics>> groups;
  for (const SweepPoint& p : spec.points) {
    const std::string folder = run_folder_of(sweep_dir, p);
    if (!is_finished_run(folder)) {
      ++out.missing_runs;
      continue;
    }
    const RunFolder run = read_run_folder(folder);
    RunMetrics m{&p, run.summary, {}, !run.trace.empty() && run.trace.front().energy_j.has_value()};
    for (const Target& t : targets) m.reach.push_back(first_reach(run, t));
    const std::string key = group_key(p);
    if (!groups.count(key)) order.push_back(key);
    groups[key].push_back(std::move(m));
  }

  // Joules to each target beside its seconds, only when every run metered energy: a table that
  // mixes runs with and without it would read "not reached" where nothing was measured.
  bool energy = !groups.empty();
  for (const auto& [key, runs] : groups)
    for (const auto& r : runs) energy = energy && r.energy;
  std::vector<const char*> metrics{"rounds", "bits_per_worker", "epochs", "seconds"};
  if (energy) metrics.push_back("joules");

  std::vector<std::string> axis_columns;
  for (const auto& k : spec.axis_keys)
    if (k != "seed") axis_columns.push_back(k);

  std::string csv = "dataset,method,compressor,k";
  for (const auto& k : axis_columns) csv += "," + k;
  csv += ",runs,diverged,rounds,final_grad_norm_sq,theory_rounds_factor,theory_comm_factor";
  for (const Target& t : targets)
    for (const char* metric : metrics)
      csv += "," + std::string(metric) + "@" + t.label + "," + metric + "@" + t.label + "_min," + metric + "@" +
             t.label + "_max";
  for (const Target& t : targets) csv += ",reached@" + t.label;
  csv += "\n";

  std::string md = "| dataset | method | compressor | K |";
  for (const auto& k : axis_columns)
    if (k != "method.name" && k != "compressor.k" && k != "data.path") md += " " + k + " |";
  md += " runs | final ‖∇f‖² | Table A comm* |";
  for (const Target& t : targets)
    md += " rounds to " + t.label + " | bits/worker to " + t.label + " | epochs to " + t.label + " | sim s to " +
          t.label + " |" + (energy ? " J to " + t.label + " |" : "");
  md += "\n|";
  const std::size_t md_columns = static_cast<std::size_t>(std::count(md.begin(), md.end(), '|')) - 2;
  for (std::size_t i = 0; i < md_columns; ++i) md += "---|";
  md += "\n";

  for (const std::string& key : order) {
    const auto& runs = groups.at(key);
    const auto& s0 = runs.front().summary;
    const std::string dataset = dataset_label(s0), method = s0.value("method", "?"),
                      compressor = s0.value("compressor", "?"), k = json_text(s0.value("compressor_k", nlohmann::json()));
    int diverged = 0;
    std::vector<double> rounds, final_grad;
    for (const auto& r : runs) {
      diverged += r.summary.value("status", "") == "diverged" ? 1 : 0;
      rounds.push_back(r.summary.value("rounds", 0.0));
      final_grad.push_back(r.summary.contains("final") ? r.summary["final"].value("grad_norm_sq", kNotReached) : kNotReached);
    }
    const auto& theory = s0.value("theory", nlohmann::json());
    const std::string t_rounds = theory.is_null() ? "-" : format_number(theory.value("rounds_factor", 0.0));
    const std::string t_comm = theory.is_null() ? "-" : format_number(theory.value("communication_factor", 0.0));

    csv += dataset + "," + method + "," + compressor + "," + k;
    for (const auto& ak : axis_columns)
      for (const auto& [pk, pv] : runs.front().point->axes)
        if (pk == ak) csv += "," + pv;
    csv += "," + std::to_string(runs.size()) + "," + std::to_string(diverged) + "," + csv_number(stat_of(rounds).median) +
           "," + csv_number(stat_of(final_grad).median) + "," + t_rounds + "," + t_comm;
    md += "| " + dataset + " | " + method + " | " + compressor + " | " + k + " |";
    for (const auto& ak : axis_columns)
      if (ak != "method.name" && ak != "compressor.k" && ak != "data.path")
        for (const auto& [pk, pv] : runs.front().point->axes)
          if (pk == ak) md += " " + pv + " |";
    md += " " + std::to_string(runs.size()) + (diverged ? " (" + std::to_string(diverged) + " diverged)" : "") + " | " +
          md_stat(stat_of(final_grad)) + " | " + (theory.is_null() ? "-" : short_number(theory.value("communication_factor", 0.0))) + " |";
    std::string reached;
    for (std::size_t t = 0; t < targets.size(); ++t) {
      std::vector<double> r, b, e, sec, joules;
      for (const auto& run : runs) {
        r.push_back(run.reach[t].rounds);
        b.push_back(run.reach[t].bits);
        e.push_back(run.reach[t].epochs);
        sec.push_back(run.reach[t].seconds);
        joules.push_back(run.reach[t].joules);
      }
      std::vector<std::vector<double>> columns{r, b, e, sec};
      if (energy) columns.push_back(joules);
      for (const auto& v : columns) {
        const Stat s = stat_of(v);
        csv += "," + csv_number(s.median) + "," + csv_number(s.min) + "," + csv_number(s.max);
        md += " " + md_stat(s) + " |";
      }
      const Stat s = stat_of(b);
      reached += "," + std::to_string(s.reached) + "/" + std::to_string(s.total);
    }
    csv += reached + "\n";
    md += "\n";
  }
  md += "\n*Table A communication factor: values sent per worker to reach E‖∇f‖² ≤ ε², in units of Δ0·L/ε² "
        "(paper-notes §3.6), constants dropped. Targets: rel = ε relative to ‖∇f(x⁰)‖², abs = absolute ‖∇f‖².\n";
  out.csv = csv;
  out.markdown = md;
  return out;
}

}  // namespace marina

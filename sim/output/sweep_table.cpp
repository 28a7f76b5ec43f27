#include "sim/output/sweep_table.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <map>
#include <optional>

#include "sim/output/paper_names.hpp"
#include "sim/output/run_folder.hpp"
#include "sim/scenario/number_format.hpp"

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
  std::vector<std::vector<Reach>> reach;  // [table metric][target]
  std::vector<double> final_value;        // [table metric]: the metric at the last evaluated round
  std::vector<TargetMetric> metric;       // [table metric]: which metric that is for this run
  bool energy = false;                    // its trace has energy_j
};

// The metrics a table reports, in its row order: [table] metrics, or nullopt = each run's own.
using TableMetric = std::optional<TargetMetric>;

std::vector<TableMetric> table_metrics(const SweepSpec& spec) {
  std::vector<TableMetric> out;
  for (const std::string& name : spec.metrics) out.push_back(parse_target_metric(name));
  if (out.empty()) out.push_back(std::nullopt);
  return out;
}

std::vector<Target> table_targets(const SweepSpec& spec) {
  std::vector<Target> t;
  for (double v : spec.relative_targets) t.push_back({"rel" + format_number(v), true, v});
  for (double v : spec.targets) t.push_back({"abs" + format_number(v), false, v});
  return t;
}

// The first evaluated round at or below the target on `metric` (relative targets: relative to
// the metric at round 0).
Reach first_reach(const RunFolder& run, const Target& target, TargetMetric metric) {
  Reach r;
  if (run.trace.empty()) return r;
  const double threshold = target.relative ? target.value * run.trace.front().value(metric) : target.value;
  const double samples = total_samples(run.summary);
  for (const TracePoint& p : run.trace)
    if (p.value(metric) <= threshold) {
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

// The finished runs of the sweep, grouped into rows (runs that differ only by their seed), rows
// in the order of their first run.
struct GroupedRuns {
  std::vector<std::string> order;
  std::map<std::string, std::vector<RunMetrics>> groups;
  int missing = 0;  // points without a finished run folder
};

GroupedRuns read_runs(const SweepSpec& spec, const std::string& sweep_dir, const std::vector<Target>& targets,
                      const std::vector<TableMetric>& metrics) {
  GroupedRuns out;
  for (const SweepPoint& p : spec.points) {
    const std::string folder = run_folder_of(sweep_dir, p);
    if (!is_finished_run(folder)) {
      ++out.missing;
      continue;
    }
    const RunFolder run = read_run_folder(folder);
    RunMetrics m{&p, run.summary, {}, {}, {}, !run.trace.empty() && run.trace.front().energy_j.has_value()};
    for (const TableMetric& table_metric : metrics) {
      const TargetMetric metric = table_metric.value_or(run_metric(run));
      m.metric.push_back(metric);
      m.reach.emplace_back();
      for (const Target& t : targets) m.reach.back().push_back(first_reach(run, t, metric));
      m.final_value.push_back(run.trace.empty() ? kNotReached : run.trace.back().value(metric));
    }
    const std::string key = group_key(p);
    if (!out.groups.count(key)) out.order.push_back(key);
    out.groups[key].push_back(std::move(m));
  }
  return out;
}

// An axis the table shows in a column of its own: not the seed (rows group the seeds), not one
// whose values the fixed columns already show (data set, method, compressor, K), unless two of
// its table values share what those columns show and are told apart by their other fields (the
// same method with two step sizes or downlinks): then the column holds every field, under a
// header that does not repeat a fixed column's.
struct AxisColumn {
  std::string key, shown_key, header;
};

bool axis_names_every_field(const SweepSpec& spec, const std::string& key) {
  for (const SweepPoint& p : spec.points)
    for (const auto& [k, value] : p.axes)
      if (k == key && names_every_field(value)) return true;
  return false;
}

std::vector<AxisColumn> axis_columns_of(const SweepSpec& spec) {
  std::vector<AxisColumn> out;
  for (std::size_t i = 0; i < spec.axis_keys.size(); ++i) {
    const std::string& key = spec.axis_keys[i];
    if (key == "seed") continue;
    if (!shown_by_run_title(spec.axis_shown_keys[i])) out.push_back({key, spec.axis_shown_keys[i], key});
    else if (axis_names_every_field(spec, key)) out.push_back({key, spec.axis_shown_keys[i], key + "_fields"});
  }
  return out;
}

// One cell per column: the row's value on that axis (a file by its stem), between `before` and `after`.
std::string axis_cells(const SweepPoint& point, const std::vector<AxisColumn>& columns, const std::string& before,
                       const std::string& after) {
  std::string cells;
  for (const auto& column : columns)
    for (const auto& [key, value] : point.axes)
      if (key == column.key) cells += before + value_as_shown(column.shown_key, value) + after;
  return cells;
}

// Joules to each target beside its seconds, only when every run metered energy: a table that
// mixes runs with and without it would read "not reached" where nothing was measured.
bool every_run_metered_energy(const GroupedRuns& grouped) {
  bool energy = !grouped.groups.empty();
  for (const auto& [key, runs] : grouped.groups)
    for (const auto& r : runs) energy = energy && r.energy;
  return energy;
}

std::string csv_header(const std::vector<AxisColumn>& axis_columns, const std::vector<Target>& targets, bool energy) {
  std::vector<const char*> metrics{"rounds", "bits_per_worker", "epochs", "seconds"};
  if (energy) metrics.push_back("joules");
  std::string csv = "dataset,method,compressor,k";
  for (const auto& c : axis_columns) csv += "," + c.header;
  csv += ",metric,runs,diverged,rounds,final_value,theory_rounds_factor,theory_comm_factor";
  for (const Target& t : targets)
    for (const char* metric : metrics)
      csv += "," + std::string(metric) + "@" + t.label + "," + metric + "@" + t.label + "_min," + metric + "@" +
             t.label + "_max";
  for (const Target& t : targets) csv += ",reached@" + t.label;
  return csv + "\n";
}

std::string markdown_header(const std::vector<AxisColumn>& axis_columns, const std::vector<Target>& targets,
                            bool energy) {
  std::string md = "| dataset | method | compressor | K |";
  for (const auto& c : axis_columns) md += " " + c.header + " |";
  md += " metric | runs | final value | Table A comm* |";
  for (const Target& t : targets)
    md += " rounds to " + t.label + " | bits/worker to " + t.label + " | epochs to " + t.label + " | sim s to " +
          t.label + " |" + (energy ? " J to " + t.label + " |" : "");
  md += "\n|";
  const std::size_t md_columns = static_cast<std::size_t>(std::count(md.begin(), md.end(), '|')) - 2;
  for (std::size_t i = 0; i < md_columns; ++i) md += "---|";
  return md + "\n";
}

// What a row says about its group, from the first run's summary and all runs' outcomes.
struct RowFacts {
  const SweepPoint* point;
  std::string dataset, method, compressor, k;
  TargetMetric metric = TargetMetric::grad_norm_sq;
  std::size_t runs = 0;
  int diverged = 0;
  Stat rounds, final_value;
  nlohmann::json theory;
};

// The row of table metric `m` (its runs share the metric: a group differs only by seed).
RowFacts row_facts(const std::vector<RunMetrics>& runs, std::size_t m) {
  const auto& s0 = runs.front().summary;
  RowFacts f{runs.front().point, dataset_label(s0), s0.value("method", "?"), s0.value("compressor", "?"),
             json_text(s0.value("compressor_k", nlohmann::json())), runs.front().metric[m], runs.size(), 0, {}, {},
             s0.value("theory", nlohmann::json())};
  std::vector<double> rounds, final_value;
  for (const auto& r : runs) {
    f.diverged += r.summary.value("status", "") == "diverged" ? 1 : 0;
    rounds.push_back(r.summary.value("rounds", 0.0));
    final_value.push_back(r.final_value[m]);
  }
  f.rounds = stat_of(rounds);
  f.final_value = stat_of(final_value);
  return f;
}

// Rounds, bits per worker, epochs, seconds (and joules, with energy) to target `t` over the
// group's runs.
std::vector<Stat> reach_stats(const std::vector<RunMetrics>& runs, std::size_t m, std::size_t t, bool energy) {
  std::vector<double> r, b, e, sec, joules;
  for (const auto& run : runs) {
    const Reach& reach = run.reach[m][t];
    r.push_back(reach.rounds);
    b.push_back(reach.bits);
    e.push_back(reach.epochs);
    sec.push_back(reach.seconds);
    joules.push_back(reach.joules);
  }
  std::vector<Stat> stats{stat_of(r), stat_of(b), stat_of(e), stat_of(sec)};
  if (energy) stats.push_back(stat_of(joules));
  return stats;
}

std::string csv_row(const RowFacts& f, const std::vector<RunMetrics>& runs, std::size_t m,
                    const std::vector<AxisColumn>& axis_columns, std::size_t targets, bool energy) {
  const std::string t_rounds = f.theory.is_null() ? "-" : format_number(f.theory.value("rounds_factor", 0.0));
  const std::string t_comm = f.theory.is_null() ? "-" : format_number(f.theory.value("communication_factor", 0.0));
  std::string row = f.dataset + "," + f.method + "," + f.compressor + "," + f.k + axis_cells(*f.point, axis_columns, ",", "");
  row += std::string(",") + metric_name(f.metric) + "," + std::to_string(f.runs) + "," + std::to_string(f.diverged) +
         "," + csv_number(f.rounds.median) + "," + csv_number(f.final_value.median) + "," + t_rounds + "," + t_comm;
  std::string reached;
  for (std::size_t t = 0; t < targets; ++t) {
    const std::vector<Stat> stats = reach_stats(runs, m, t, energy);
    for (const Stat& s : stats) row += "," + csv_number(s.median) + "," + csv_number(s.min) + "," + csv_number(s.max);
    reached += "," + std::to_string(stats[1].reached) + "/" + std::to_string(stats[1].total);  // by bits
  }
  return row + reached + "\n";
}

// The markdown speaks the paper's names (MARINA, Rand-K); the CSV keeps the scenario's.
std::string markdown_row(const RowFacts& f, const std::vector<RunMetrics>& runs, std::size_t m,
                         const std::vector<AxisColumn>& axis_columns, std::size_t targets, bool energy) {
  std::string row = "| " + f.dataset + " | " + method_title(f.method) + " | " + compressor_title(f.compressor) + " | " +
                    f.k + " |" + axis_cells(*f.point, axis_columns, " ", " |");
  row += std::string(" ") + metric_title(f.metric) + " | " + std::to_string(f.runs) +
         (f.diverged ? " (" + std::to_string(f.diverged) + " diverged)" : "") + " | " + md_stat(f.final_value) + " | " +
         (f.theory.is_null() ? "-" : short_number(f.theory.value("communication_factor", 0.0))) + " |";
  for (std::size_t t = 0; t < targets; ++t)
    for (const Stat& s : reach_stats(runs, m, t, energy)) row += " " + md_stat(s) + " |";
  return row + "\n";
}

constexpr const char* kMarkdownFootnote =
    "\n*Table A communication factor: values sent per worker to reach E‖∇f‖² ≤ ε², in units of Δ0·L/ε² "
    "(paper-notes §3.6), constants dropped. Targets on each row's metric: rel = ε relative to its value at x⁰, "
    "abs = absolute. Metrics: ‖∇f(x)‖² (grad_norm_sq), or (1/n) Σᵢ ‖∇fᵢ(x)‖² (local_grad_norm_sq_mean), what the "
    "paper's figures plot under the label ‖∇f(x)‖² (paper-notes §5.1).\n";

}  // namespace

SweepTable build_sweep_table(const SweepSpec& spec, const std::string& sweep_dir) {
  const auto targets = table_targets(spec);
  const auto metrics = table_metrics(spec);
  const GroupedRuns grouped = read_runs(spec, sweep_dir, targets, metrics);
  const std::vector<AxisColumn> axis_columns = axis_columns_of(spec);

  SweepTable out;
  out.missing_runs = grouped.missing;
  const bool energy = every_run_metered_energy(grouped);
  out.csv = csv_header(axis_columns, targets, energy);
  out.markdown = markdown_header(axis_columns, targets, energy);
  // All rows on the first metric, then all on the next: each block reads as a table of its own.
  for (std::size_t m = 0; m < metrics.size(); ++m)
    for (const std::string& key : grouped.order) {
      const auto& runs = grouped.groups.at(key);
      const RowFacts facts = row_facts(runs, m);
      out.csv += csv_row(facts, runs, m, axis_columns, targets.size(), energy);
      out.markdown += markdown_row(facts, runs, m, axis_columns, targets.size(), energy);
    }
  out.markdown += kMarkdownFootnote;
  if (std::find(metrics.begin(), metrics.end(), TargetMetric::loss) != metrics.end())
    out.markdown += "f(x) (loss) is the train loss, what a network's runs are read against (docs/neural.md).\n";
  return out;
}

}  // namespace marina

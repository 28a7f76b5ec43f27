#include "sim/output/advise_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "sim/output/pareto_front.hpp"
#include "sim/scenario/number_format.hpp"

namespace marina {

namespace {

constexpr const char* kNotReached = "not reached";
constexpr const char* kNotAvailable = "n/a";

struct Cost {
  const char* name;      // "seconds"
  const char* winner;    // "fewest seconds"
  const char* unit;      // " s"
};
const Cost kCosts[] = {{"seconds", "fewest seconds", " s"},
                       {"bits", "fewest bits", " uplink bits per worker"},
                       {"joules", "least energy", " J"}};

std::string short_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

std::string status_of(const AdviseRow& r) {
  if (!r.finished) return "failed";
  if (r.diverged) return "diverged";
  return r.reach.reached ? "reached" : kNotReached;
}

// The costs of a row, in kCosts order (joules only when energy is a cost).
std::optional<Costs> costs_of(const AdviseRow& r, bool energy) {
  if (!r.finished || !r.reach.reached) return std::nullopt;
  Costs c{r.reach.seconds, r.reach.bits_per_worker};
  if (energy) c.push_back(*r.reach.joules);
  return c;
}

// "0.0321 @2950": the lowest value relative to the start, and its round.
std::string lowest_text(const AdviseRow& r) {
  if (!r.lowest) return "-";
  return short_number(r.lowest->relative) + " @" + short_number(r.lowest->round);
}

std::string whole_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f", v);
  return buf;
}

// 12,345: rounds as people read them.
std::string count_text(double rounds) {
  const std::string digits = whole_number(rounds);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// When no run reached eps: the one that came closest, what it would need at its last rate (its
// rate is fitted on values relative to the start, like eps_relative), and what to try instead.
std::string closest_text(const AdviseContext& c, const std::vector<AdviseRow>& rows) {
  const AdviseRow* closest = nullptr;
  for (const AdviseRow& r : rows)
    if (r.finished && !r.diverged && r.lowest && (!closest || r.lowest->relative < closest->lowest->relative))
      closest = &r;
  if (closest == nullptr) return "";
  const std::string relative = short_number(round_up_one_digit(closest->lowest->relative));
  std::string out = "closest: " + closest->label() + ", down to " + short_number(closest->lowest->relative) +
                    " x its start at round " + count_text(closest->lowest->round) + " (eps is " +
                    short_number(c.epsilon_relative) + " x the start)\n";
  const RateFit* rate = closest->rate ? &*closest->rate : nullptr;
  const std::optional<double> needed = rate ? rounds_to_reach(*rate, c.epsilon_relative) : std::nullopt;
  if (rate != nullptr) {
    const std::string span = "rounds " + count_text(rate->from_round) + ".." + count_text(rate->to_round);
    if (needed)
      out += "  at its rate over " + span + " (a least-squares fit of ln " + c.metric +
             " against the round: it halves every " + count_text(std::log(2.0) / -rate->per_round) +
             " rounds) it would need about " + count_text(*needed) + " rounds in all\n";
    else
      out += "  it no longer decreases over " + span + " (a least-squares fit of ln " + c.metric +
             " against the round): more rounds will not help\n";
  }
  // 10% above the estimate, for the evaluation grid and the fit's noise; written as the option takes it.
  out += "  try " + (needed ? "--rounds " + whole_number(round_up_two_digits(*needed * 1.1)) + ", or " : std::string()) +
         "--relative " + relative + " (what " + closest->label() + " reached)";
  return out + "\n";
}

std::string joined(const std::vector<std::string>& parts, const std::string& separator) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : separator) + p;
  return out;
}

}  // namespace

std::string AdviseRow::label() const { return k ? method + " K=" + std::to_string(*k) : method; }

AdviseReport build_advise_report(const AdviseContext& c, const std::vector<AdviseRow>& rows) {
  AdviseReport out;
  std::size_t finished = 0, measured = 0;
  for (const AdviseRow& r : rows) {
    finished += r.finished ? 1 : 0;
    measured += r.finished && r.reach.energy_measured ? 1 : 0;
  }
  out.energy = finished > 0 && measured == finished;
  std::vector<std::optional<Costs>> candidates;
  for (const AdviseRow& r : rows) candidates.push_back(costs_of(r, out.energy));
  const std::vector<bool> front = pareto_front(candidates);
  const std::size_t cost_count = out.energy ? 3 : 2;

  std::string energy_line;
  if (out.energy) energy_line = "energy: measured in SimGrid's power model; the front is over seconds, bits and joules";
  else if (measured == 0)
    energy_line = "energy: not measured on this platform (summary.json has no energy): joules n/a; the front is over "
                  "seconds and bits only";
  else
    energy_line = "energy: measured in " + std::to_string(measured) + " of " + std::to_string(finished) +
                  " runs only: joules n/a; the front is over seconds and bits only";

  std::string head = "advise " + c.scenario + " on " + c.platform + ": " + std::to_string(c.workers) +
                     " workers, d = " + std::to_string(c.dim) + ", " + std::to_string(rows.size()) + " runs of " +
                     std::to_string(c.rounds) + " rounds\n" + "eps: " + c.epsilon_text + "\n" + energy_line + "\n";

  // One row per run.
  char line[512];
  std::string table;
  std::snprintf(line, sizeof line, "%-14s %-8s %-10s %-5s %-12s %-15s %-15s %-13s %-5s %s\n", "run", "method",
                "compressor", "K", "rounds", "seconds-to-eps", "bits-to-eps", "joules-to-eps", "front",
                "lowest@round");
  table += line;
  std::string md = "| run | method | compressor | K | rounds to ε | seconds to ε | uplink bits/worker to ε | joules to ε | "
                   "Pareto front | lowest (× start) @ round |\n|---|---|---|---|---|---|---|---|---|---|\n";
  std::string csv =
      "run,folder,method,compressor,k,status,rounds,seconds,bits_per_worker,joules,on_front,lowest_relative,"
      "lowest_round\n";
  std::vector<std::string> not_reached;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const AdviseRow& r = rows[i];
    const bool ok = r.finished && r.reach.reached;
    const std::string k = r.k ? std::to_string(*r.k) : "-";
    const std::string missing = r.finished ? kNotReached : "failed";
    const std::string rounds = ok ? short_number(r.reach.round) : missing;
    const std::string seconds = ok ? short_number(r.reach.seconds) : missing;
    const std::string bits = ok ? short_number(r.reach.bits_per_worker) : missing;
    const std::string joules = !r.reach.joules ? (ok ? kNotAvailable : missing) : short_number(*r.reach.joules);
    std::snprintf(line, sizeof line, "%-14s %-8s %-10s %-5s %-12s %-15s %-15s %-13s %-5s %s\n", r.label().c_str(),
                  r.method.c_str(), r.compressor.c_str(), k.c_str(), rounds.c_str(), seconds.c_str(), bits.c_str(),
                  joules.c_str(), front[i] ? "*" : "", lowest_text(r).c_str());
    table += line;
    md += "| " + r.label() + " | " + r.method + " | " + r.compressor + " | " + k + " | " + rounds + " | " + seconds +
          " | " + bits + " | " + joules + " | " + (front[i] ? "yes" : "") + " | " + lowest_text(r) + " |\n";
    csv += r.label() + "," + r.run + "," + r.method + "," + r.compressor + "," + k + "," + status_of(r) + "," +
           (ok ? format_number(r.reach.round) : missing) + "," + (ok ? format_number(r.reach.seconds) : missing) + "," +
           (ok ? format_number(r.reach.bits_per_worker) : missing) + "," +
           (r.reach.joules ? format_number(*r.reach.joules) : (ok ? kNotAvailable : missing)) + "," +
           (front[i] ? "1" : "0") + "," + (r.lowest ? format_number(r.lowest->relative) : "-") + "," +
           (r.lowest ? format_number(r.lowest->round) : "-") + "\n";
    if (!ok)
      not_reached.push_back(r.label() + (!r.finished  ? " (run failed)"
                                         : r.diverged ? " (diverged)"
                                         : r.lowest   ? " (lowest " + lowest_text(r) + ")"
                                                      : ""));
    if (ok) out.reached.push_back(FrontPoint{r.label(), r.reach.seconds, r.reach.bits_per_worker, r.reach.joules, front[i]});
  }

  // The winner of each cost, and the front from fastest to slowest.
  std::string verdict = "\nwinners\n";
  for (std::size_t k = 0; k < 3; ++k) {
    std::string who;
    if (k >= cost_count) {
      who = "n/a (energy not measured)";
    } else {
      const auto best = cheapest(candidates, k);
      std::vector<std::string> names;
      for (std::size_t i : best) names.push_back(rows[i].label());
      who = best.empty() ? "none: no run reached eps"
                         : joined(names, " = ") + "  (" + short_number((*candidates[best.front()])[k]) + kCosts[k].unit + ")";
    }
    std::snprintf(line, sizeof line, "  %-15s %s\n", kCosts[k].winner, who.c_str());
    verdict += line;
  }
  std::vector<std::size_t> on_front;
  for (std::size_t i = 0; i < rows.size(); ++i)
    if (front[i]) on_front.push_back(i);
  std::stable_sort(on_front.begin(), on_front.end(),
                   [&](std::size_t a, std::size_t b) { return rows[a].reach.seconds < rows[b].reach.seconds; });
  std::vector<std::string> front_text;
  for (std::size_t i : on_front) {
    std::string t = rows[i].label() + " (" + short_number(rows[i].reach.seconds) + " s, " +
                    short_number(rows[i].reach.bits_per_worker) + " bits";
    if (out.energy) t += ", " + short_number(*rows[i].reach.joules) + " J";
    front_text.push_back(t + ")");
  }
  verdict += std::string("Pareto front over ") + (out.energy ? "seconds, bits and joules" : "seconds and bits") +
             ", fastest first:\n  " + (front_text.empty() ? "empty: no run reached eps" : joined(front_text, "\n  ")) +
             "\n";
  if (!not_reached.empty())
    verdict += "not reached within " + std::to_string(c.rounds) + " rounds (lowest " + c.metric +
               " relative to the start @ its round): " + joined(not_reached, ", ") + "\n";
  if (out.reached.empty()) verdict += closest_text(c, rows);

  out.terminal = head + "\n" + table + verdict;
  out.markdown = "# marina-sim advise: " + c.scenario + " on " + c.platform + "\n\n" + std::to_string(c.workers) +
                 " workers, d = " + std::to_string(c.dim) + ", " + std::to_string(rows.size()) + " runs of " +
                 std::to_string(c.rounds) + " rounds. eps: " + c.epsilon_text + ". " + energy_line +
                 ". Bits are uplink bits per worker.\n\n" + md + "\n```\n" + verdict.substr(1) + "```\n";
  out.csv = csv;
  return out;
}

}  // namespace marina

#include "sim/output/advise_report.hpp"

#include <algorithm>
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
  std::snprintf(line, sizeof line, "%-14s %-8s %-10s %-5s %-12s %-15s %-15s %-13s %s\n", "run", "method", "compressor",
                "K", "rounds", "seconds-to-eps", "bits-to-eps", "joules-to-eps", "front");
  table += line;
  std::string md = "| run | method | compressor | K | rounds to ε | seconds to ε | uplink bits/worker to ε | joules to ε | "
                   "Pareto front |\n|---|---|---|---|---|---|---|---|---|\n";
  std::string csv = "run,folder,method,compressor,k,status,rounds,seconds,bits_per_worker,joules,on_front\n";
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
    std::snprintf(line, sizeof line, "%-14s %-8s %-10s %-5s %-12s %-15s %-15s %-13s %s\n", r.label().c_str(),
                  r.method.c_str(), r.compressor.c_str(), k.c_str(), rounds.c_str(), seconds.c_str(), bits.c_str(),
                  joules.c_str(), front[i] ? "*" : "");
    table += line;
    md += "| " + r.label() + " | " + r.method + " | " + r.compressor + " | " + k + " | " + rounds + " | " + seconds +
          " | " + bits + " | " + joules + " | " + (front[i] ? "yes" : "") + " |\n";
    csv += r.label() + "," + r.run + "," + r.method + "," + r.compressor + "," + k + "," + status_of(r) + "," +
           (ok ? format_number(r.reach.round) : missing) + "," + (ok ? format_number(r.reach.seconds) : missing) + "," +
           (ok ? format_number(r.reach.bits_per_worker) : missing) + "," +
           (r.reach.joules ? format_number(*r.reach.joules) : (ok ? kNotAvailable : missing)) + "," +
           (front[i] ? "1" : "0") + "\n";
    if (!ok) not_reached.push_back(r.label() + (r.finished ? (r.diverged ? " (diverged)" : "") : " (run failed)"));
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
    verdict += "not reached within " + std::to_string(c.rounds) + " rounds: " + joined(not_reached, ", ") + "\n";

  out.terminal = head + "\n" + table + verdict;
  out.markdown = "# marina-sim advise: " + c.scenario + " on " + c.platform + "\n\n" + std::to_string(c.workers) +
                 " workers, d = " + std::to_string(c.dim) + ", " + std::to_string(rows.size()) + " runs of " +
                 std::to_string(c.rounds) + " rounds. eps: " + c.epsilon_text + ". " + energy_line +
                 ". Bits are uplink bits per worker.\n\n" + md + "\n```\n" + verdict.substr(1) + "```\n";
  out.csv = csv;
  return out;
}

}  // namespace marina

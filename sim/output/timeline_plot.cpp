#include "sim/output/timeline_plot.hpp"

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <map>

#include "methods/common/input_error.hpp"
#include "sim/output/plot.hpp"
#include "sim/output/timeline_file.hpp"
#include "sim/scenario/number_format.hpp"

namespace fs = std::filesystem;

namespace marina {

namespace {

// One colour per state, in HostState order: down, computing, sending, receiving, waiting.
constexpr std::array<const char*, kHostStates> kColours = {"#d62728", "#2ca02c", "#1f77b4", "#ff7f0e", "#d9d9d9"};
constexpr std::size_t kMaxRoundLabels = 30;
constexpr std::size_t kWordedRounds = 12;  // up to this many rounds each is labelled "round k"

// The time unit that keeps the window's tick labels short.
struct TimeUnit {
  double scale;
  const char* name;
};
TimeUnit unit_for(double span_s) {
  if (span_s >= 1.0) return {1.0, "s"};
  if (span_s >= 1e-3) return {1e3, "ms"};
  return {1e6, "µs"};
}

std::string worker_label(const std::string& host, const std::string& note) {
  return note.empty() ? host : host + " (" + note + ")";
}

}  // namespace

std::vector<ChosenWorker> choose_timeline_workers(const std::vector<double>& waiting_s, std::size_t rows) {
  const std::size_t n = waiting_s.size();
  rows = std::max<std::size_t>(rows, 2);  // room for the slowest and the fastest
  std::vector<ChosenWorker> out;
  if (n <= rows) {
    for (std::size_t i = 0; i < n; ++i) out.push_back({static_cast<int>(i), ""});
    return out;
  }
  const auto slowest = static_cast<std::size_t>(std::min_element(waiting_s.begin(), waiting_s.end()) - waiting_s.begin());
  const auto fastest = static_cast<std::size_t>(std::max_element(waiting_s.begin(), waiting_s.end()) - waiting_s.begin());
  std::map<std::size_t, std::string> chosen{{slowest, "slowest"}};
  chosen.emplace(fastest, "fastest");
  // Evenly spaced indices 0 .. n-1 fill the rest; where one was taken already, the lowest free ones.
  for (std::size_t j = 0; j < rows && chosen.size() < rows; ++j) chosen.emplace(j * (n - 1) / (rows - 1), "");
  for (std::size_t i = 0; i < n && chosen.size() < rows; ++i) chosen.emplace(i, "");
  for (const auto& [i, note] : chosen) out.push_back({static_cast<int>(i), note});
  return out;
}

std::vector<std::string> plot_timeline(const std::string& run_folder, const std::string& title,
                                       const std::string& out_dir, const std::string& basename) {
  const RunTimeline t = read_timeline(run_folder);
  if (t.rounds.empty()) return {};  // the run ended before the window
  const fs::path dir(out_dir);
  fs::create_directories(dir / "data");

  const auto totals = seconds_by_state(t.rows, t.workers);
  std::vector<double> waiting;
  for (int w = 0; w < t.workers; ++w)
    waiting.push_back(totals[static_cast<std::size_t>(w + 1)][static_cast<std::size_t>(HostState::waiting)]);
  const std::vector<ChosenWorker> chosen = choose_timeline_workers(waiting, kTimelineRows);
  std::map<int, int> row_of{{kServerHost, 0}};  // host -> row of the figure
  for (std::size_t r = 0; r < chosen.size(); ++r) row_of[chosen[r].worker] = static_cast<int>(r + 1);

  const double t0 = t.rounds.front().start;
  const TimeUnit unit = unit_for(t.rounds.back().end - t0);
  const auto x = [&](double s) { return format_number((s - t0) * unit.scale); };
  std::map<int, std::string> names{{kServerHost, "server"}};
  std::array<std::ofstream, kHostStates> data;
  std::array<bool, kHostStates> used{};
  for (int s = 0; s < kHostStates; ++s)
    data[static_cast<std::size_t>(s)].open(dir / "data" / (basename + "-" + host_state_name(static_cast<HostState>(s)) + ".dat"));
  for (const TimelineRow& r : t.rows) {
    const auto row = row_of.find(r.worker);
    if (row == row_of.end()) continue;
    names[r.worker] = r.host;
    data[static_cast<std::size_t>(r.state)] << x(r.start) << ' ' << x(r.end) << ' ' << row->second << '\n';
    used[static_cast<std::size_t>(r.state)] = true;
  }
  for (auto& d : data) d.close();

  const std::string& server = names[kServerHost];
  std::string ytics = "set ytics (" + gnuplot_quote(server == "server" ? server : server + " (server)") + " 0";
  for (std::size_t r = 0; r < chosen.size(); ++r)
    ytics += ", " + gnuplot_quote(worker_label(names[chosen[r].worker], chosen[r].note)) + " " + std::to_string(r + 1);
  ytics += ")\n";
  std::string boundaries, round_tics;
  const std::size_t every = (t.rounds.size() + kMaxRoundLabels - 1) / kMaxRoundLabels;
  for (std::size_t i = 0; i < t.rounds.size(); ++i) {
    const TimelineRound& r = t.rounds[i];
    boundaries += "set arrow from " + x(r.start) + ", graph 0 to " + x(r.start) + ", graph 1 nohead dt 2 lc rgb '#555555' front\n";
    const std::string label = (t.rounds.size() <= kWordedRounds ? "round " : "") + std::to_string(r.round);
    if (i % every == 0)
      round_tics += std::string(round_tics.empty() ? "" : ", ") + "'" + label + "' " +
                    format_number(((r.start + r.end) / 2 - t0) * unit.scale);
  }
  boundaries += "set arrow from " + x(t.rounds.back().end) + ", graph 0 to " + x(t.rounds.back().end) +
                ", graph 1 nohead dt 2 lc rgb '#555555' front\n";

  const std::size_t rows = chosen.size() + 1;
  const std::string shown = chosen.size() < static_cast<std::size_t>(t.workers)
                                ? " (" + std::to_string(chosen.size()) + " of " + std::to_string(t.workers) +
                                      " workers: the slowest, the fastest and a sample)"
                                : "";
  const fs::path script = dir / (basename + ".gp");
  std::ofstream gp(script);
  gp << "# Timeline of rounds " << t.rounds.front().round << ".." << t.rounds.back().round << " from " << run_folder
     << "/timeline.csv\n"
     << "set termoption noenhanced\nset style fill solid 1.0 noborder\nset key outside right top\n"
     << "set xlabel 'simulated time since round " << t.rounds.front().round << " began [" << unit.name << "]'\n"
     << "set xrange [0:" << x(t.rounds.back().end) << "]\nset yrange [" << rows << "-0.5:-0.5]\n"
     << ytics << "set link x2\nset x2tics (" << round_tics << ") scale 0\n"
     << (t.rounds.size() <= kWordedRounds ? "" : "set x2label 'round'\n")
     << boundaries
     << "set title " << gnuplot_quote(title + ": rounds " + std::to_string(t.rounds.front().round) + ".." +
                                      std::to_string(t.rounds.back().round) + shown)
     << "\n";
  std::vector<std::string> written;
  const int height = 160 + 26 * static_cast<int>(rows);
  for (const std::string ext : {"png", "svg"}) {
    gp << "set terminal " << (ext == "png" ? "pngcairo" : "svg") << " size 1100," << height
       << (ext == "png" ? " font ',10'" : " font 'sans,10'") << "\nset output '" << basename << "." << ext << "'\nplot ";
    bool first = true;
    for (int s = 0; s < kHostStates; ++s) {
      if (!used[static_cast<std::size_t>(s)]) continue;
      const std::string name = host_state_name(static_cast<HostState>(s));
      gp << (first ? "" : ", \\\n     ") << "'data/" << basename << "-" << name
         << ".dat' using (($1+$2)/2):3:(($2-$1)/2):(0.4) with boxxyerror lc rgb '" << kColours[static_cast<std::size_t>(s)]
         << "' title '" << name << "'";
      first = false;
    }
    gp << "\n";
    written.push_back((dir / (basename + "." + ext)).string());
  }
  gp << "unset output\n";
  gp.close();
  run_gnuplot(script.string());
  return written;
}

}  // namespace marina

#include "sim/output/plot.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <algorithm>
#include <array>
#include <map>
#include <set>

#include "methods/common/input_error.hpp"
#include "sim/output/paper_names.hpp"
#include "sim/output/run_folder.hpp"
#include "sim/output/timeline_file.hpp"
#include "sim/output/timeline_plot.hpp"

namespace fs = std::filesystem;

namespace marina {

namespace {

struct Axis {
  const char* file_suffix;
  const char* label;
  int column;  // in the data files written below
};

const Axis kAxes[] = {{"bits", "uplink bits per worker", 2}, {"rounds", "communication rounds", 1},
                      {"epochs", "epochs (oracle calls / samples)", 5}, {"seconds", "simulated time [s]", 3}};

std::string platform_of(const nlohmann::json& summary) {
  const auto& net = summary.value("network", nlohmann::json::object());
  const auto platform = net.value("platform", nlohmann::json());
  return platform.is_string() ? fs::path(platform.get<std::string>()).stem().string() : "no-network";
}

// Data files: round, uplink bits per worker, simulated seconds, the metric, epochs (the x-axis
// a minibatch method is read against: VR-MARINA's rounds cost b' samples, GD's all m). Returns
// the largest value written (0 if none).
double write_data(const RunFolder& run, const fs::path& file, TargetMetric metric) {
  std::ofstream out(file);
  const double samples = total_samples(run.summary);
  double largest = 0;
  for (const TracePoint& p : run.trace)
    if (const double v = p.value(metric); v > 0 && std::isfinite(v)) {
      out << p.round << ' ' << p.uplink_bits_per_worker << ' ' << p.sim_time_s << ' ' << v << ' '
          << p.oracle_calls / samples << '\n';
      largest = std::max(largest, v);
    }
  return largest;
}

// One colour per method, one dash type per K within a method.
const std::array<const char*, 10> kPalette = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
                                              "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
constexpr int kDashTypes = 5;  // gnuplot's dt 1 (solid) .. 5

}  // namespace

std::string gnuplot_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += (c == '\'') ? std::string("''") : std::string(1, c);
  return out + "'";
}

void run_gnuplot(const std::string& script_path) {
  const fs::path script(script_path);
  if (std::system("command -v gnuplot >/dev/null 2>&1") != 0)
    throw InputError("gnuplot", "gnuplot is not installed (Debian: apt-get install gnuplot-nox)");
  const std::string cmd = "cd '" + script.parent_path().string() + "' && gnuplot '" + script.filename().string() +
                          "' >/dev/null 2>'" + script.filename().string() + ".log'";
  if (std::system(cmd.c_str()) != 0) throw InputError(script.string(), "gnuplot failed (see the .log next to it)");
}

std::vector<CurveStyle> curve_styles(const std::vector<CurveKey>& curves) {
  std::vector<std::string> methods;                       // in order of first appearance
  std::map<std::string, std::set<std::pair<long, std::string>>> ks;  // per method, its (K, variant)s (K -1: none)
  for (const CurveKey& c : curves) {
    if (std::find(methods.begin(), methods.end(), c.method) == methods.end()) methods.push_back(c.method);
    ks[c.method].insert({c.k.value_or(-1), c.variant});
  }
  std::vector<CurveStyle> out;
  for (const CurveKey& c : curves) {
    const auto colour = static_cast<int>(std::find(methods.begin(), methods.end(), c.method) - methods.begin());
    const auto& mine = ks[c.method];
    const auto dash = static_cast<int>(std::distance(mine.begin(), mine.find({c.k.value_or(-1), c.variant})));
    out.push_back({colour, dash});
  }
  return out;
}

namespace {

struct Curve {
  std::string data, title;  // data file (relative to the figure's folder), legend
  CurveKey key;
  double largest = 0;       // its largest value
  bool diverged = false;    // the run stopped as diverged (summary.json status)
};

// The top of the y-axis: a decade above every run that did not diverge, so that a diverged
// run (1e25 and beyond) leaves through the top instead of flattening the others; gnuplot's own
// choice when every run diverged.
std::string y_range(const std::vector<Curve>& curves) {
  double top = 0;
  for (const Curve& c : curves)
    if (!c.diverged) top = std::max(top, c.largest);
  bool any_diverged = false;
  for (const Curve& c : curves) any_diverged = any_diverged || c.diverged;
  if (!any_diverged || !(top > 0)) return "";
  char buf[64];
  std::snprintf(buf, sizeof buf, "set yrange [*:%.6g]\n", 10 * top);
  return buf;
}

// One figure's script, run: `metric` against bits, rounds, epochs and seconds, PNG and SVG.
std::vector<std::string> write_figure(const fs::path& dir, const std::string& figure, const std::vector<Curve>& curves,
                                      TargetMetric metric) {
  std::vector<std::string> written;
  const fs::path script = dir / (figure + ".gp");
  const char* y_title = metric_title(metric);
  std::vector<CurveKey> keys;
  for (const Curve& c : curves) keys.push_back(c.key);
  const std::vector<CurveStyle> styles = curve_styles(keys);
  std::ofstream gp(script);
  gp << "# " << metric_name(metric) << " against bits, rounds, epochs and simulated seconds for " << figure
     << "\nset logscale y\nset format y '10^{%L}'\nset grid\nset key outside right top\n"
     << "set ylabel " << gnuplot_quote(y_title) << " noenhanced\n"
     << y_range(curves);
  for (const char* terminal : {"pngcairo size 1100,650 font ',10'", "svg size 1100,650 font 'sans,10'"}) {
    const std::string ext = std::string(terminal).rfind("png", 0) == 0 ? "png" : "svg";
    gp << "set terminal " << terminal << "\n";
    for (const Axis& a : kAxes) {
      const std::string file = figure + "-" + a.file_suffix + "." + ext;
      written.push_back((dir / file).string());
      gp << "set output '" << file << "'\n"
         << "set xlabel '" << a.label << "'\n"
         << "set title " << gnuplot_quote(figure + ": " + y_title + " against " + a.label) << " noenhanced\n"
         << "plot ";
      for (std::size_t i = 0; i < curves.size(); ++i)
        gp << (i ? ", \\\n     " : "") << "'" << curves[i].data << "' using " << a.column
           << ":4 with lines lw 2 lc rgb '" << kPalette[static_cast<std::size_t>(styles[i].colour) % kPalette.size()]
           << "' dt " << (styles[i].dash % kDashTypes + 1) << " title " << gnuplot_quote(curves[i].title)
           << " noenhanced";
      gp << "\n";
    }
  }
  gp << "unset output\n";
  gp.close();
  run_gnuplot(script.string());
  return written;
}

}  // namespace

std::vector<std::string> plot_runs(const std::vector<PlotRun>& runs, const std::string& out_dir,
                                   std::optional<TargetMetric> metric) {
  const fs::path dir(out_dir);
  fs::remove_all(dir);  // figures from an earlier collect must not linger beside new ones
  fs::create_directories(dir / "data");
  // One figure per data set, and per platform (metric) when the runs span several.
  struct Loaded {
    RunFolder run;
    PlotRun request;
    TargetMetric metric;
  };
  std::vector<Loaded> loaded;
  std::set<std::string> platforms, compressors;
  std::set<TargetMetric> metrics;
  for (const PlotRun& r : runs) {
    RunFolder run = read_run_folder(r.folder);
    const TargetMetric m = metric.value_or(run_metric(run));
    platforms.insert(platform_of(run.summary));
    metrics.insert(m);
    if (method_compresses(run.summary.value("method", std::string()))) compressors.insert(run.summary.value("compressor", ""));
    loaded.push_back({std::move(run), r, m});
  }
  std::map<std::string, std::vector<Curve>> figures;
  std::map<std::string, TargetMetric> figure_metric;
  int index = 0;
  for (const Loaded& l : loaded) {
    const std::string data_name = "data/run" + std::to_string(index++) + ".dat";
    const double largest = write_data(l.run, dir / data_name, l.metric);
    std::string figure = dataset_label(l.run.summary);
    if (platforms.size() > 1) figure += "-" + platform_of(l.run.summary);
    if (metrics.size() > 1) figure += std::string("-") + metric_name(l.metric);
    figure_metric[figure] = l.metric;
    // The paper's names; the compressor only when the runs use several.
    std::string title = run_title(l.run.summary, compressors.size() > 1);
    std::string variant;
    for (const std::string& extra : l.request.extra) variant += ", " + extra;
    title += variant;
    const auto k = l.run.summary.find("compressor_k");
    CurveKey key{l.run.summary.value("method", std::string()),
                 k != l.run.summary.end() && k->is_number_integer() ? std::optional<long>(k->get<long>()) : std::nullopt,
                 variant};
    figures[figure].push_back({data_name, title, key, largest, l.run.summary.value("status", "") == "diverged"});
  }
  std::vector<std::string> written;
  for (const auto& [figure, curves] : figures)
    for (const std::string& f : write_figure(dir, figure, curves, figure_metric[figure])) written.push_back(f);
  // A timeline for each run that recorded one: "timeline" alone, "timeline-<run folder>" in a sweep.
  for (const Loaded& l : loaded) {
    if (!has_timeline(l.run.path)) continue;
    const std::string name = fs::path(l.run.path).filename().string();
    const std::string basename = runs.size() == 1 ? "timeline" : "timeline-" + name;
    for (const std::string& f : plot_timeline(l.run.path, l.run.summary.value("name", name), out_dir, basename))
      written.push_back(f);
  }
  return written;
}

int plot_command(const std::string& dir) {
  std::vector<PlotRun> runs;
  const fs::path root(dir);
  if (fs::is_directory(root / "runs")) {
    std::vector<fs::path> folders;
    for (const auto& e : fs::directory_iterator(root / "runs"))
      if (e.is_directory() && is_finished_run(e.path().string())) folders.push_back(e.path());
    std::sort(folders.begin(), folders.end());
    for (const auto& f : folders) runs.push_back({f.string(), extra_axis_labels(split_labels(f.filename().string()))});
  } else if (is_finished_run(dir)) {
    runs.push_back({dir, {}});
  } else {
    throw InputError(dir, "not a run folder (no summary.json) nor a sweep folder (no runs/)");
  }
  if (runs.empty()) throw InputError(dir, "no finished runs to plot");
  const auto files = plot_runs(runs, (root / "plots").string());
  std::printf("wrote %zu figures into %s\n", files.size(), (root / "plots").string().c_str());
  return 0;
}

}  // namespace marina

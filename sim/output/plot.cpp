#include "sim/output/plot.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <algorithm>
#include <map>
#include <set>

#include "methods/common/input_error.hpp"
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

// Data files: round, uplink bits per worker, simulated seconds, ||grad f||^2.
const Axis kAxes[] = {{"bits", "uplink bits per worker", 2}, {"rounds", "communication rounds", 1},
                      {"seconds", "simulated time [s]", 3}};

std::string platform_of(const nlohmann::json& summary) {
  const auto& net = summary.value("network", nlohmann::json::object());
  const auto platform = net.value("platform", nlohmann::json());
  return platform.is_string() ? fs::path(platform.get<std::string>()).stem().string() : "no-network";
}

void write_data(const RunFolder& run, const fs::path& file) {
  std::ofstream out(file);
  for (const TracePoint& p : run.trace)
    if (p.grad_norm_sq > 0 && std::isfinite(p.grad_norm_sq))
      out << p.round << ' ' << p.uplink_bits_per_worker << ' ' << p.sim_time_s << ' ' << p.grad_norm_sq << '\n';
}

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

std::vector<std::string> plot_runs(const std::vector<PlotRun>& runs, const std::string& out_dir) {
  const fs::path dir(out_dir);
  fs::remove_all(dir);  // figures from an earlier collect must not linger beside new ones
  fs::create_directories(dir / "data");
  // One figure per data set, and per platform when the runs span several (topology studies).
  std::vector<std::pair<RunFolder, std::string>> loaded;
  std::set<std::string> platforms;
  for (const PlotRun& r : runs) {
    loaded.emplace_back(read_run_folder(r.folder), r.label);
    platforms.insert(platform_of(loaded.back().first.summary));
  }
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> by_dataset;  // figure -> (data file, label)
  int index = 0;
  for (const auto& [run, label] : loaded) {
    const std::string data_name = "data/run" + std::to_string(index++) + ".dat";
    write_data(run, dir / data_name);
    std::string figure = dataset_label(run.summary);
    if (platforms.size() > 1) figure += "-" + platform_of(run.summary);
    by_dataset[figure].emplace_back(data_name, label);
  }
  std::vector<std::string> written;
  for (const auto& [dataset, curves] : by_dataset) {
    const fs::path script = dir / (dataset + ".gp");
    std::ofstream gp(script);
    gp << "# ||grad f||^2 against bits, rounds and simulated seconds for " << dataset << "\n"
       << "set logscale y\nset format y '10^{%L}'\nset grid\nset key outside right top\n"
       << "set ylabel '‖∇f(x)‖^2'\n";
    for (const char* terminal : {"pngcairo size 1100,650 font ',10'", "svg size 1100,650 font 'sans,10'"}) {
      const std::string ext = std::string(terminal).rfind("png", 0) == 0 ? "png" : "svg";
      gp << "set terminal " << terminal << "\n";
      for (const Axis& a : kAxes) {
        const std::string file = dataset + "-" + a.file_suffix + "." + ext;
        written.push_back((dir / file).string());
        gp << "set output '" << file << "'\n"
           << "set xlabel '" << a.label << "'\n"
           << "set title " << gnuplot_quote(dataset + ": ‖∇f(x)‖² against " + a.label) << " noenhanced\n"
           << "plot ";
        for (std::size_t i = 0; i < curves.size(); ++i)
          gp << (i ? ", \\\n     " : "") << "'" << curves[i].first << "' using " << a.column
             << ":4 with lines lw 2 title " << gnuplot_quote(curves[i].second) << " noenhanced";
        gp << "\n";
      }
    }
    gp << "unset output\n";
    gp.close();
    run_gnuplot(script.string());
  }
  // A timeline for each run that recorded one: "timeline" alone, "timeline-<run folder>" in a sweep.
  for (const auto& [run, label] : loaded) {
    if (!has_timeline(run.path)) continue;
    const std::string name = fs::path(run.path).filename().string();
    const std::string basename = runs.size() == 1 ? "timeline" : "timeline-" + name;
    for (const std::string& f : plot_timeline(run.path, run.summary.value("name", name), out_dir, basename))
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
    for (const auto& f : folders) runs.push_back({f.string(), f.filename().string()});
  } else if (is_finished_run(dir)) {
    const RunFolder r = read_run_folder(dir);
    runs.push_back({dir, r.summary.value("method", "run")});
  } else {
    throw InputError(dir, "not a run folder (no summary.json) nor a sweep folder (no runs/)");
  }
  if (runs.empty()) throw InputError(dir, "no finished runs to plot");
  const auto files = plot_runs(runs, (root / "plots").string());
  std::printf("wrote %zu figures into %s\n", files.size(), (root / "plots").string().c_str());
  return 0;
}

}  // namespace marina

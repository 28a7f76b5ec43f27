#include "sim/output/front_plot.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "methods/common/input_error.hpp"
#include "sim/output/plot.hpp"
#include "sim/scenario/number_format.hpp"

namespace fs = std::filesystem;

namespace marina {

namespace {

struct Projection {
  const char* file;                     // front-<x>-<y>
  const char* x_label;
  const char* y_label;
  int x_column, y_column;               // in points.dat: 1 seconds, 2 bits, 3 joules
  double (*x)(const FrontPoint&);
  double (*y)(const FrontPoint&);
};

double seconds_of(const FrontPoint& p) { return p.seconds; }
double bits_of(const FrontPoint& p) { return p.bits; }
double joules_of(const FrontPoint& p) { return p.joules.value_or(0); }

const Projection kSecondsBits{"front-seconds-bits", "simulated seconds to eps", "uplink bits per worker to eps",
                              1, 2, seconds_of, bits_of};
const Projection kSecondsJoules{"front-seconds-joules", "simulated seconds to eps", "joules to eps",
                                1, 3, seconds_of, joules_of};
const Projection kBitsJoules{"front-bits-joules", "uplink bits per worker to eps", "joules to eps",
                             2, 3, bits_of, joules_of};

// A single-quoted gnuplot string (callers add `noenhanced` so '_' is not a subscript).
std::string quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += (c == '\'') ? std::string("''") : std::string(1, c);
  return out + "'";
}

// Data-file label: gnuplot reads a double-quoted field as one column.
std::string data_label(std::string s) {
  std::replace(s.begin(), s.end(), '"', '\'');
  return "\"" + s + "\"";
}

void write_points(const std::vector<const FrontPoint*>& points, const fs::path& file) {
  std::ofstream out(file);
  for (const FrontPoint* p : points)
    out << format_number(p->seconds) << ' ' << format_number(p->bits) << ' ' << format_number(joules_of(*p)) << ' '
        << data_label(p->label) << '\n';
}

bool all_positive(const std::vector<FrontPoint>& points, double (*value)(const FrontPoint&)) {
  return std::all_of(points.begin(), points.end(), [&](const FrontPoint& p) { return value(p) > 0; });
}

}  // namespace

std::vector<std::string> plot_front(const std::vector<FrontPoint>& points, const std::string& title,
                                    const std::string& out_dir) {
  const fs::path dir(out_dir);
  fs::remove_all(dir);  // figures of an earlier request must not linger beside new ones
  fs::create_directories(dir);
  const bool energy = !points.empty() && std::all_of(points.begin(), points.end(),
                                                     [](const FrontPoint& p) { return p.joules.has_value(); });
  std::vector<Projection> projections{kSecondsBits};
  if (energy) projections.insert(projections.end(), {kSecondsJoules, kBitsJoules});

  std::vector<std::string> written;
  std::ofstream gp(dir / "front.gp");
  gp << "# marina-sim advise: " << title << "\nset grid\nset key outside right top\n";
  for (const Projection& pr : projections) {
    // The front's points sorted along x, so that the line joins neighbours. Only the
    // figure whose two axes are the front's costs gets the line: a projection of a
    // three-cost front need not be a staircase.
    std::vector<const FrontPoint*> others, front;
    for (const FrontPoint& p : points) (p.on_front ? front : others).push_back(&p);
    std::stable_sort(front.begin(), front.end(),
                     [&](const FrontPoint* a, const FrontPoint* b) { return pr.x(*a) < pr.x(*b); });
    const std::string others_file = std::string(pr.file) + "-others.dat",
                      front_file = std::string(pr.file) + "-front.dat";
    write_points(others, dir / others_file);
    write_points(front, dir / front_file);
    const bool join = !energy;
    gp << (all_positive(points, pr.x) ? "set logscale x\n" : "unset logscale x\n")
       << (all_positive(points, pr.y) ? "set logscale y\n" : "unset logscale y\n") << "set xlabel "
       << quoted(pr.x_label) << " noenhanced\nset ylabel " << quoted(pr.y_label) << " noenhanced\n"
       << "set title " << quoted(title) << " noenhanced\n";
    for (const char* terminal : {"pngcairo size 1000,650 font ',10'", "svg size 1000,650 font 'sans,10'"}) {
      const std::string ext = std::string(terminal).rfind("png", 0) == 0 ? "png" : "svg";
      const std::string file = std::string(pr.file) + "." + ext;
      written.push_back((dir / file).string());
      gp << "set terminal " << terminal << "\nset output '" << file << "'\n"
         << "plot '" << others_file << "' using " << pr.x_column << ":" << pr.y_column
         << " with points pt 7 ps 0.8 lc rgb 'gray60' title 'other runs that reached eps', \\\n"
         << "     '" << others_file << "' using " << pr.x_column << ":" << pr.y_column
         << ":4 with labels left offset 0.8,-0.6 tc rgb 'gray50' font ',8' notitle noenhanced, \\\n"
         << "     '" << front_file << "' using " << pr.x_column << ":" << pr.y_column
         << (join ? " with linespoints lw 2" : " with points") << " pt 7 ps 1.3 lc rgb 'dark-red' title 'Pareto front', \\\n"
         << "     '" << front_file << "' using " << pr.x_column << ":" << pr.y_column
         << ":4 with labels left offset 0.8,0.6 notitle noenhanced\n";
    }
  }
  gp << "unset output\n";
  gp.close();
  run_gnuplot((dir / "front.gp").string());
  return written;
}

}  // namespace marina

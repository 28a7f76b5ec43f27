#include "sim/output/run_folder.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "methods/common/input_error.hpp"

namespace fs = std::filesystem;

namespace marina {

namespace {

std::string read_file(const fs::path& p) { return read_file_text(p.string()); }

std::vector<std::string> split_csv(const std::string& line) {
  std::vector<std::string> cells;
  std::stringstream ls(line);
  std::string cell;
  while (std::getline(ls, cell, ',')) cells.push_back(cell);
  return cells;
}

std::vector<TracePoint> parse_trace(const fs::path& file) {
  std::istringstream in(read_file(file));
  std::string line;
  if (!std::getline(in, line)) throw InputError(file.string(), "empty trace");
  const auto header = split_csv(line);
  auto column = [&](const std::string& name) -> std::size_t {
    for (std::size_t i = 0; i < header.size(); ++i)
      if (header[i] == name) return i;
    throw InputError(file.string(), 1, "missing column '" + name + "'");
  };
  const std::size_t c_round = column("round"), c_time = column("sim_time_s"),
                    c_bits = column("uplink_bits_per_worker"), c_calls = column("oracle_calls"),
                    c_grad = column("grad_norm_sq"), c_loss = column("loss"),
                    c_local = column("local_grad_norm_sq_mean");
  const auto energy_column = std::find(header.begin(), header.end(), "energy_j");  // only when energy was on
  std::vector<TracePoint> out;
  long line_no = 1;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty()) continue;
    const auto cells = split_csv(line);
    if (cells.size() != header.size()) throw InputError(file.string(), line_no, "wrong number of columns");
    try {
      out.push_back(TracePoint{std::stod(cells[c_round]), std::stod(cells[c_time]), std::stod(cells[c_bits]),
                               std::stod(cells[c_calls]), std::stod(cells[c_grad]), std::stod(cells[c_loss]),
                               std::stod(cells[c_local]), std::nullopt});
      if (energy_column != header.end())
        out.back().energy_j = std::stod(cells[static_cast<std::size_t>(energy_column - header.begin())]);
    } catch (const std::exception&) {
      throw InputError(file.string(), line_no, "not a number");
    }
  }
  return out;
}

}  // namespace

std::string read_file_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, "cannot open file");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

double total_samples(const nlohmann::json& summary) {
  double total = 0;
  for (const auto& m : summary.at("samples_per_worker")) total += m.get<double>();
  return total;
}

std::string dataset_label(const nlohmann::json& summary) {
  const std::string origin = summary.value("data", std::string("?"));
  if (origin.rfind("synthetic", 0) == 0) return "synthetic";
  return fs::path(origin).filename().string();
}

TargetMetric run_metric(const RunFolder& run) {
  const std::string name = run.summary.value("target_metric", std::string("grad_norm_sq"));
  try {
    return parse_target_metric(name);
  } catch (const std::invalid_argument& e) {
    throw InputError((fs::path(run.path) / "summary.json").string(), std::string("target_metric: ") + e.what());
  }
}

bool is_finished_run(const std::string& path) { return fs::is_regular_file(fs::path(path) / "summary.json"); }

RunFolder read_run_folder(const std::string& path) {
  RunFolder r;
  r.path = path;
  const fs::path summary = fs::path(path) / "summary.json";
  try {
    r.summary = nlohmann::json::parse(read_file(summary));
  } catch (const nlohmann::json::exception& e) {
    throw InputError(summary.string(), std::string("malformed JSON: ") + e.what());
  }
  r.trace = parse_trace(fs::path(path) / "trace.csv");
  return r;
}

std::string run_folder_of(const std::string& sweep_dir, const SweepPoint& point) {
  return (fs::path(sweep_dir) / "runs" / point.name).string();
}

}  // namespace marina

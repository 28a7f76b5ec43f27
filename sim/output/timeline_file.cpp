#include "sim/output/timeline_file.hpp"

#include <filesystem>
#include <sstream>

#include "methods/common/input_error.hpp"
#include "sim/output/run_folder.hpp"
#include "sim/scenario/number_format.hpp"

namespace fs = std::filesystem;

namespace marina {

namespace {

constexpr const char* kFile = "timeline.csv";
constexpr const char* kHeader = "host,worker,round,state,start_s,end_s";

HostState state_named(const std::string& name, const std::string& file, long line) {
  for (int s = 0; s < kHostStates; ++s)
    if (name == host_state_name(static_cast<HostState>(s))) return static_cast<HostState>(s);
  throw InputError(file, line, "unknown state '" + name + "'");
}

std::vector<TimelineRow> rows_of(const TimelineLog& log, const std::vector<TimelineSegment>& segments) {
  std::vector<TimelineRow> rows;
  for (const TimelineSegment& s : segments)
    rows.push_back(TimelineRow{log.host_name(s.host), s.host, s.round, s.state, s.start, s.end});
  return rows;
}

std::vector<TimelineRow> parse_rows(const fs::path& file) {
  std::istringstream in(read_file_text(file.string()));
  std::string line;
  if (!std::getline(in, line) || line != kHeader)
    throw InputError(file.string(), 1, std::string("expected the header ") + kHeader);
  std::vector<TimelineRow> rows;
  long line_no = 1;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty()) continue;
    std::vector<std::string> cells;
    std::stringstream ls(line);
    std::string cell;
    while (std::getline(ls, cell, ',')) cells.push_back(cell);
    if (cells.size() != 6) throw InputError(file.string(), line_no, "expected 6 columns");
    TimelineRow r;
    r.host = cells[0];
    try {
      r.worker = cells[1] == "-" ? kServerHost : std::stoi(cells[1]);
      r.round = std::stoll(cells[2]);
      r.start = std::stod(cells[4]);
      r.end = std::stod(cells[5]);
    } catch (const std::exception&) {
      throw InputError(file.string(), line_no, "not a number");
    }
    r.state = state_named(cells[3], file.string(), line_no);
    if (r.worker < kServerHost || !(r.end > r.start))
      throw InputError(file.string(), line_no, "a worker below -1 or a segment that does not end after its start");
    rows.push_back(r);
  }
  return rows;
}

}  // namespace

std::string timeline_csv(const TimelineLog& log, const std::vector<TimelineSegment>& segments) {
  std::string out = std::string(kHeader) + "\n";
  for (const TimelineRow& r : rows_of(log, segments))
    out += r.host + ',' + (r.worker == kServerHost ? "-" : std::to_string(r.worker)) + ',' + std::to_string(r.round) +
           ',' + host_state_name(r.state) + ',' + format_number(r.start) + ',' + format_number(r.end) + '\n';
  return out;
}

std::vector<std::vector<double>> seconds_by_state(const std::vector<TimelineRow>& rows, int workers) {
  std::vector<std::vector<double>> t(static_cast<std::size_t>(workers) + 1, std::vector<double>(kHostStates, 0.0));
  for (const TimelineRow& r : rows)
    t[static_cast<std::size_t>(r.worker + 1)][static_cast<std::size_t>(r.state)] += r.end - r.start;
  return t;
}

nlohmann::json timeline_json(const TimelineLog& log, const std::vector<TimelineSegment>& segments) {
  nlohmann::json j;
  const RoundWindow& w = log.window();
  j["rounds"] = w.first == w.last ? std::to_string(w.first) : std::to_string(w.first) + ".." + std::to_string(w.last);
  nlohmann::json recorded = nlohmann::json::array();
  for (const TimelineRound& r : log.rounds())
    recorded.push_back({{"round", r.round}, {"start_s", r.start}, {"end_s", r.end}});
  j["recorded"] = recorded;
  j["file"] = kFile;
  j["segments"] = segments.size();
  const auto totals = seconds_by_state(rows_of(log, segments), log.workers());
  nlohmann::json hosts = nlohmann::json::array();
  for (int h = kServerHost; h < log.workers(); ++h) {
    nlohmann::json host{{"host", log.host_name(h)}};
    for (int s = 0; s < kHostStates; ++s)
      host[std::string(host_state_name(static_cast<HostState>(s))) + "_s"] =
          totals[static_cast<std::size_t>(h + 1)][static_cast<std::size_t>(s)];
    hosts.push_back(host);
  }
  j["hosts"] = hosts;
  return j;
}

bool has_timeline(const std::string& run_folder) { return fs::is_regular_file(fs::path(run_folder) / kFile); }

RunTimeline read_timeline(const std::string& run_folder) {
  const fs::path summary_file = fs::path(run_folder) / "summary.json";
  nlohmann::json summary;
  try {
    summary = nlohmann::json::parse(read_file_text(summary_file.string()));
  } catch (const nlohmann::json::exception& e) {
    throw InputError(summary_file.string(), std::string("malformed JSON: ") + e.what());
  }
  RunTimeline t;
  try {
    for (const auto& r : summary.at("timeline").at("recorded"))
      t.rounds.push_back(TimelineRound{r.at("round").get<std::int64_t>(), r.at("start_s").get<double>(),
                                       r.at("end_s").get<double>()});
    t.workers = static_cast<int>(summary.at("workers").get<std::int64_t>());
  } catch (const nlohmann::json::exception& e) {
    throw InputError(summary_file.string(), std::string("no readable \"timeline\" (") + e.what() + ")");
  }
  t.rows = parse_rows(fs::path(run_folder) / kFile);
  for (const TimelineRow& r : t.rows)
    if (r.worker >= t.workers)
      throw InputError((fs::path(run_folder) / kFile).string(), "names worker " + std::to_string(r.worker) +
                                                                    " of a run with " + std::to_string(t.workers));
  return t;
}

}  // namespace marina

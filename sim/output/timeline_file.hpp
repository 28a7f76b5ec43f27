// What a run with run.timeline writes beside trace.csv, and reads back for `marina-sim plot`:
//   timeline.csv   host,worker,round,state,start_s,end_s   one row per segment, host by host
//                  (server first, its worker column "-"), in time order; state is computing,
//                  sending, receiving, waiting or down; times are the simulated clock's, exact
//   summary.json   "timeline": {"rounds": "A..B" as asked, "recorded": [{"round", "start_s",
//                  "end_s"}...], "file", "segments", "hosts": [{"host", "<state>_s"...}]}
// A run without run.timeline writes neither (its outputs are those of a build without it).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/engine/timeline_log.hpp"

namespace marina {

struct TimelineRow {
  std::string host;
  int worker = kServerHost;
  std::int64_t round = 0;
  HostState state = HostState::waiting;
  double start = 0, end = 0;
};

struct RunTimeline {
  std::vector<TimelineRound> rounds;
  std::vector<TimelineRow> rows;
  int workers = 0;
};

std::string timeline_csv(const TimelineLog& log, const std::vector<TimelineSegment>& segments);
nlohmann::json timeline_json(const TimelineLog& log, const std::vector<TimelineSegment>& segments);

// Seconds each state takes per host, over rows: [host + 1][state], host -1 being the server.
std::vector<std::vector<double>> seconds_by_state(const std::vector<TimelineRow>& rows, int workers);

bool has_timeline(const std::string& run_folder);
// Throws InputError naming the file when timeline.csv or summary.json's "timeline" is malformed.
RunTimeline read_timeline(const std::string& run_folder);

}  // namespace marina

#include "sim/engine/timeline_log.hpp"

#include <algorithm>
#include <array>

namespace marina {

const char* host_state_name(HostState state) {
  switch (state) {
    case HostState::down: return "down";
    case HostState::computing: return "computing";
    case HostState::sending: return "sending";
    case HostState::receiving: return "receiving";
    case HostState::waiting: return "waiting";
  }
  return "?";
}

void TimelineLog::add(int host, HostState state, double start, double end) {
  if (end > start) spans_.push_back(TimelineSpan{host, state, start, end});
}

void TimelineLog::round_ran(std::int64_t round, double start, double aggregate_start, double end) {
  if (!covers(round)) return;
  rounds_.push_back(TimelineRound{round, start, end});
  add(kServerHost, HostState::computing, aggregate_start, end);
}

void TimelineLog::downlink(int worker, std::int64_t round, double start, double end) {
  if (!covers(round)) return;
  add(kServerHost, HostState::sending, start, end);
  add(worker, HostState::receiving, start, end);
}

void TimelineLog::uplink(int worker, std::int64_t round, double start, double end) {
  if (!covers(round)) return;
  add(worker, HostState::sending, start, end);
  add(kServerHost, HostState::receiving, start, end);
}

void TimelineLog::computed(int worker, std::int64_t round, double start, double end) {
  if (covers(round)) add(worker, HostState::computing, start, end);
}

void TimelineLog::host_turned(int host, bool on, double at) {
  const auto open = std::find_if(down_since_.begin(), down_since_.end(), [&](const auto& d) { return d.first == host; });
  if (!on && open == down_since_.end()) down_since_.emplace_back(host, at);
  if (on && open != down_since_.end()) {
    if (at > open->second) down_.push_back(TimelineSpan{host, HostState::down, open->second, at});
    down_since_.erase(open);
  }
}

std::vector<TimelineSpan> TimelineLog::down_spans() const {
  std::vector<TimelineSpan> out = down_;
  const double end = rounds_.empty() ? 0.0 : rounds_.back().end;
  for (const auto& [host, since] : down_since_)
    if (end > since) out.push_back(TimelineSpan{host, HostState::down, since, end});
  return out;
}

std::vector<TimelineSegment> TimelineLog::segments() const {
  std::vector<TimelineSpan> all = spans_;
  for (const TimelineSpan& d : down_spans()) all.push_back(d);
  return timeline_segments(rounds_, all, workers_);
}

namespace {

// A sweep over one host's span edges: how many spans of each state are open.
struct Edge {
  double at;
  int delta;  // +1 opens, -1 closes
  HostState state;
};

void segments_of_host(int host, std::vector<Edge>& edges, const std::vector<TimelineRound>& rounds,
                      std::vector<TimelineSegment>& out) {
  for (const TimelineRound& r : rounds) {
    edges.push_back(Edge{r.start, 0, HostState::waiting});  // boundaries cut segments
    edges.push_back(Edge{r.end, 0, HostState::waiting});
  }
  std::sort(edges.begin(), edges.end(), [](const Edge& a, const Edge& b) { return a.at < b.at; });
  std::array<int, kHostStates> open{};
  std::size_t round = 0;
  for (std::size_t i = 0; i + 1 < edges.size(); ++i) {
    open[static_cast<std::size_t>(edges[i].state)] += edges[i].delta;
    const double from = edges[i].at, to = edges[i + 1].at;
    if (!(to > from)) continue;
    while (round < rounds.size() && rounds[round].end <= from) ++round;
    if (round == rounds.size() || from < rounds[round].start) continue;  // outside every recorded round
    HostState state = HostState::waiting;
    for (int s = 0; s < kHostStates; ++s)
      if (open[static_cast<std::size_t>(s)] > 0) {
        state = static_cast<HostState>(s);
        break;
      }
    TimelineSegment* last = out.empty() ? nullptr : &out.back();
    if (last != nullptr && last->host == host && last->round == rounds[round].round && last->state == state &&
        last->end == from)
      last->end = to;
    else
      out.push_back(TimelineSegment{host, rounds[round].round, state, from, to});
  }
}

}  // namespace

std::vector<TimelineSegment> timeline_segments(const std::vector<TimelineRound>& rounds,
                                               const std::vector<TimelineSpan>& spans, int workers) {
  std::vector<std::vector<Edge>> edges(static_cast<std::size_t>(workers) + 1);  // [0] = server
  for (const TimelineSpan& s : spans) {
    auto& e = edges[static_cast<std::size_t>(s.host + 1)];
    e.push_back(Edge{s.start, +1, s.state});
    e.push_back(Edge{s.end, -1, s.state});
  }
  std::vector<TimelineSegment> out;
  for (int host = kServerHost; host < workers; ++host)
    segments_of_host(host, edges[static_cast<std::size_t>(host + 1)], rounds, out);
  return out;
}

}  // namespace marina

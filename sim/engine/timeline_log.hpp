// What run.timeline records: for the rounds of a window, the exact simulated-clock intervals in
// which each host (the server, each worker) computed, sent, received or was down, as the
// actors and round exchanges report them (a null-pointer check where nothing is recorded), and
// the round boundaries. segments() then gives each host's time as one state at a time, the
// gaps as waiting. Nothing here calls SimGrid; sim/engine/timeline_hooks.cpp installs the
// host-state callback, the actors and exchanges call the add functions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/scenario/round_window.hpp"

namespace marina {

// In the order a host's time goes to one of them when several overlap (the server sends and
// receives at once): down first, waiting last (the time nothing else covers).
enum class HostState { down, computing, sending, receiving, waiting };
const char* host_state_name(HostState state);  // "computing", ...
constexpr int kHostStates = 5;

constexpr int kServerHost = -1;  // host index of the server; workers are 0..n-1

struct TimelineSpan {
  int host = kServerHost;
  HostState state = HostState::waiting;
  double start = 0, end = 0;
};

struct TimelineSegment {
  int host = kServerHost;
  std::int64_t round = 0;  // the server's round running at `start`
  HostState state = HostState::waiting;
  double start = 0, end = 0;
};

struct TimelineRound {
  std::int64_t round = 0;
  double start = 0, end = 0;  // the server's clock when it planned the round and after it aggregated
};

class TimelineLog {
 public:
  TimelineLog(RoundWindow window, int workers) : window_(window), workers_(workers) {}

  void name_hosts(std::string server, std::vector<std::string> workers) {
    server_name_ = std::move(server);
    worker_names_ = std::move(workers);
  }
  const std::string& host_name(int host) const {
    return host == kServerHost ? server_name_ : worker_names_[static_cast<std::size_t>(host)];
  }

  bool covers(std::int64_t round) const { return window_.covers(round); }
  const RoundWindow& window() const { return window_; }
  int workers() const { return workers_; }

  // The server's round `round` ran from start to end; it aggregated from aggregate_start to end.
  void round_ran(std::int64_t round, double start, double aggregate_start, double end);
  // A downlink (server sending, worker receiving) or uplink (worker sending, server receiving)
  // of `round` that arrived.
  void downlink(int worker, std::int64_t round, double start, double end);
  void uplink(int worker, std::int64_t round, double start, double end);
  void computed(int worker, std::int64_t round, double start, double end);
  // Host state changes (any time; kept when they touch the window).
  void host_turned(int host, bool on, double at);

  const std::vector<TimelineRound>& rounds() const { return rounds_; }
  const std::vector<TimelineSpan>& spans() const { return spans_; }
  // Down spans, including those still open (closed at the end of the last round).
  std::vector<TimelineSpan> down_spans() const;
  // timeline_segments() of everything recorded.
  std::vector<TimelineSegment> segments() const;

 private:
  void add(int host, HostState state, double start, double end);

  RoundWindow window_;
  int workers_ = 0;
  std::string server_name_;
  std::vector<std::string> worker_names_;
  std::vector<TimelineRound> rounds_;
  std::vector<TimelineSpan> spans_;
  std::vector<TimelineSpan> down_;      // closed down spans
  std::vector<std::pair<int, double>> down_since_;  // hosts off now, since when
};

// Each host's time within the recorded rounds, one state at a time (the first of HostState's
// order among those active; waiting where none is), cut at the round boundaries. Host by host
// (server first, then workers by index), in time order. Exact: boundaries are the clock's own
// values, nothing is added or scaled.
std::vector<TimelineSegment> timeline_segments(const std::vector<TimelineRound>& rounds,
                                               const std::vector<TimelineSpan>& spans, int workers);

}  // namespace marina

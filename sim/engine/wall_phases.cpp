#include "sim/engine/wall_phases.hpp"

#include <chrono>
#include <fstream>
#include <simgrid/s4u.hpp>
#include <string>
#include <vector>

XBT_LOG_NEW_DEFAULT_CATEGORY(marina_phases, "marina-sim: wall-clock time of a run's phases");

namespace marina {

namespace {

using Clock = std::chrono::steady_clock;

struct Phase {
  std::string what;
  Clock::time_point at;
  long rss_kb, peak_kb;  // the process's resident memory then, and its peak so far
};

// VmRSS and VmHWM of /proc/self/status, in KB (0 where there is no /proc).
void memory_kb(long& rss, long& peak) {
  rss = peak = 0;
  std::ifstream status("/proc/self/status");
  for (std::string key; status >> key;) {
    if (key == "VmRSS:") status >> rss;
    if (key == "VmHWM:") status >> peak;
    status.ignore(1 << 10, '\n');
  }
}

}  // namespace

void note_phase(const char* what) {
  // The log's threshold is only known once SimGrid's engine has read --log: phases before it
  // wait here and are printed with the first one after.
  static std::vector<Phase> pending;
  static Clock::time_point first = Clock::now(), previous = first;
  static bool log_ready = false;
  log_ready = log_ready || simgrid::s4u::Engine::is_initialized();
  if (log_ready && !XBT_LOG_ISENABLED(marina_phases, xbt_log_priority_verbose)) return;
  Phase now{what, Clock::now(), 0, 0};
  memory_kb(now.rss_kb, now.peak_kb);
  pending.push_back(now);
  if (!log_ready) return;
  for (const Phase& p : pending) {
    XBT_VERB("phase %s: %.3f s (%.3f s), memory %.0f MB (peak %.0f MB)", p.what.c_str(),
             std::chrono::duration<double>(p.at - previous).count(), std::chrono::duration<double>(p.at - first).count(),
             static_cast<double>(p.rss_kb) / 1024.0, static_cast<double>(p.peak_kb) / 1024.0);
    previous = p.at;
  }
  pending.clear();
}

}  // namespace marina

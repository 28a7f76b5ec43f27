#include "sim/engine/wall_phases.hpp"

#include <chrono>
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
};

}  // namespace

void note_phase(const char* what) {
  // The log's threshold is only known once SimGrid's engine has read --log: phases before it
  // wait here and are printed with the first one after.
  static std::vector<Phase> pending;
  static Clock::time_point first = Clock::now(), previous = first;
  static bool log_ready = false;
  pending.push_back({what, Clock::now()});
  log_ready = log_ready || simgrid::s4u::Engine::is_initialized();
  if (!log_ready) return;
  for (const Phase& p : pending) {
    XBT_VERB("phase %s: %.3f s (%.3f s)", p.what.c_str(), std::chrono::duration<double>(p.at - previous).count(),
             std::chrono::duration<double>(p.at - first).count());
    previous = p.at;
  }
  pending.clear();
}

}  // namespace marina

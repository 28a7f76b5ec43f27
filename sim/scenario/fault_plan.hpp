// The [faults] section of a scenario (docs/faults.md): which hosts crash (and come back),
// which links go down, which hosts run k times slower, and when; plus the server's round
// timeout and after how many missed rounds it stops waiting for a worker.
//
// Written as short strings so that faults fit in one key each, in --set and in sweep axes:
//   faults.crashes    = "worker-2@0.5..1.0, worker-4@0.8"   host@crash[..restart]
//   faults.links_down = "link-3@0.2..0.6"                  link@from[..until]
//   faults.stragglers = "worker-1*4@0..2"                  host*k[@from[..until]]
// Times are simulated seconds. The server's host may crash too; it then restarts from its
// last checkpoint (faults.checkpoint_every, _rate, _host). No SimGrid here:
// sim/engine/fault_injection realises the plan, sim/engine/server_recovery the restarts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "methods/common/key_value.hpp"

namespace marina {

class Scenario;

struct HostCrash {
  std::string host;
  double at = 0.0;
  std::optional<double> restart_at;  // none: the host stays down
};

struct LinkOutage {
  std::string link;
  double from = 0.0;
  std::optional<double> until;  // none: the link stays down
};

struct Straggler {
  std::string host;
  double slowdown = 1.0;  // k: the host computes at 1/k of its speed
  double from = 0.0;
  std::optional<double> until;  // none: slow to the end
};

// Where and how often a server that may crash saves what it needs to resume.
struct CheckpointPolicy {
  std::int64_t every = 10;   // rounds: after round k when k is a multiple of it
  double rate_Bps = 500e6;   // local disk writes and reads (a SATA SSD's sequential rate)
  std::string host;          // a host of the platform that stores them instead; empty: local disk
};

struct FaultPlan {
  std::vector<HostCrash> crashes;
  std::vector<LinkOutage> outages;
  std::vector<Straggler> stragglers;
  Param round_timeout{true, "auto", 1.0};  // "auto", "auto*x" or seconds
  int drop_after = 3;                      // 0: never stop waiting for a worker
  CheckpointPolicy checkpoints;            // used only when a crash names the server

  // Whether a crash names `server_host`: checkpoints are taken only then, so that runs
  // whose server cannot crash pay nothing for them.
  bool crashes_host(const std::string& host) const {
    for (const HostCrash& c : crashes)
      if (c.host == host) return true;
    return false;
  }

  // Faults or an explicit round timeout: the server then waits with a deadline.
  bool active() const {
    return !crashes.empty() || !outages.empty() || !stragglers.empty() || !round_timeout.is_keyword;
  }
};

// The grammar of each key; std::invalid_argument with what is wrong and the expected form.
std::vector<HostCrash> parse_crashes(const std::string& text);
std::vector<LinkOutage> parse_outages(const std::string& text);
std::vector<Straggler> parse_stragglers(const std::string& text);

// The scenario's faults.* keys; InputError at the offending key.
FaultPlan read_fault_plan(const Scenario& scenario);

}  // namespace marina

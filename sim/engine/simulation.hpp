// Runs a method as SimGrid actors: a server actor and one actor per worker on the hosts of
// the platform. Every downlink and uplink is a real mailbox transfer of the message's
// encoded size; every worker step is charged with execute(flops) on its host.
#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "methods/algorithms/protocol.hpp"
#include "methods/algorithms/round_observer.hpp"
#include "sim/engine/energy_meter.hpp"
#include "sim/engine/timeline_log.hpp"
#include "sim/scenario/fault_plan.hpp"
#include "sim/platform/host_mapping.hpp"

namespace simgrid::s4u {
class Engine;
class Host;
}  // namespace simgrid::s4u

namespace marina {

struct NetworkSetup {
  std::string platform_file;
  RoleMapping roles;
  std::vector<std::string> simgrid_args;  // --cfg=... / --log=... passed through to SimGrid
  FaultPlan faults;                       // the [faults] section (docs/faults.md)
  // What faults.round_timeout = "auto" is estimated from (sim/engine/round_timeout.hpp).
  double dense_message_bytes = 0.0;  // one d-vector at the wire precision
  double gradient_flops = 0.0;       // the largest shard's full local gradient
  EnergyMode energy = EnergyMode::off;     // run.energy (sim/engine/energy_meter.hpp)
  EnergyGauge* energy_gauge = nullptr;     // connected during the run when energy is metered
  int threads = 1;                   // run.threads, resolved: worker steps on this many threads
  std::optional<RoundWindow> timeline;  // run.timeline: the rounds whose timeline is recorded
};

struct SimulationOutcome {
  std::int64_t last_round = 0;
  double end_time_s = 0.0;
  nlohmann::json network;  // NetworkAccounting::to_json: bytes per link, time breakdown
  nlohmann::json faults;   // what faults cost (sim/engine/deadline_exchange.cpp); null without faults
  // {"round", "sim_time_s"}: the server went down for good after that round, at that time
  // (docs/faults.md "Server crashes"); null when it did not.
  nlohmann::json server_lost;
  nlohmann::json energy;   // EnergyMeter::to_json at the end; null when energy is off
  std::unique_ptr<TimelineLog> timeline;  // what run.timeline asked for; null without it
};

// The worker hosts of the roles, resolving platform.workers = "*" against the loaded
// platform. Throws InputError.
std::vector<std::string> resolve_worker_hosts(const simgrid::s4u::Engine& engine, const RoleMapping& roles);

// The SimGrid engine (one per process) with the setup's options, fault profiles attached,
// the platform loaded and sealed, and the hosts the roles name. InputError for an unknown
// SimGrid option or a host the platform lacks. Loaded once per run (sim/engine/platform_check.hpp).
struct LoadedPlatform {
  LoadedPlatform();
  LoadedPlatform(LoadedPlatform&&) noexcept;
  LoadedPlatform& operator=(LoadedPlatform&&) noexcept;
  ~LoadedPlatform();  // out of line: where the engine's type is complete

  std::unique_ptr<simgrid::s4u::Engine> engine;
  simgrid::s4u::Host* server = nullptr;
  std::vector<simgrid::s4u::Host*> workers;
  std::vector<std::string> worker_names;
  std::unique_ptr<EnergyMeter> energy;  // set by run_simulation when run.energy meters this platform
};
LoadedPlatform load_platform(const NetworkSetup& setup, const std::vector<std::string>& extra_simgrid_args = {});

// One simulation per process (SimGrid keeps one engine per process), on the platform loaded for
// `setup`. Throws InputError when run.energy cannot meter it. The platform outlives the run:
// tearing down a large engine costs seconds, and the process ends soon after (simulation_process.hpp).
SimulationOutcome run_simulation(LoadedPlatform& platform, MethodInstance& method, const NetworkSetup& setup,
                                 std::int64_t rounds, std::uint64_t seed, RoundObserver& observer);

}  // namespace marina

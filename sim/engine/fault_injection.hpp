// Realises a FaultPlan with SimGrid's own machinery (simgrid-3.32-notes §5): a crash is a
// host state profile (off at t, on again at the restart), a straggler a host speed profile
// (1/k of the speed for the period), an outage turns the link off and on again at the
// given dates. Host profiles must be attached as SimGrid creates the hosts, so install
// them before load_platform; SimGrid 3.32 creates links sealed (a state profile attached
// then aborts: "Cannot set a state profile once the Link is sealed"), so link outages are
// kernel timers set after loading.
#pragma once

#include <string>
#include <vector>

#include "sim/scenario/fault_plan.hpp"

namespace simgrid::s4u {
class Engine;
}

namespace marina {

void install_fault_profiles(const FaultPlan& plan);

// After load_platform, before run.
void schedule_link_outages(const simgrid::s4u::Engine& engine, const FaultPlan& plan);

// After load_platform: every host and link the plan names exists, crashes and stragglers hit
// the server or a worker, a server that restarts leaves one host that never crashes (see
// server_keeper.hpp), and a checkpoint host is another host of the platform. InputError
// naming the faults.* key otherwise.
void check_fault_targets(const simgrid::s4u::Engine& engine, const FaultPlan& plan, const std::string& server,
                         const std::vector<std::string>& workers);

}  // namespace marina

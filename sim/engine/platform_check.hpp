// A platform checked before the run: loaded, the hosts the roles name found, the routes
// server <-> every worker present and the fault targets known. Whatever goes wrong becomes one
// InputError naming the platform file.
#pragma once

#include <string>
#include <vector>

#include "sim/engine/simulation.hpp"

namespace marina {

// Loads and checks the platform in this process (the run's simulation child loads it once and
// runs on it). No energy meter yet (run_simulation attaches it). Throws InputError naming the
// platform file; SimGrid 3.32 may also end the process on a malformed file (xbt_die, a segfault
// in routing), which is why this runs in a child process (sim/engine/simulation_process.hpp).
LoadedPlatform load_checked_platform(const NetworkSetup& setup, const std::vector<std::string>& extra_simgrid_args = {});

// The same check in a child process of its own, for commands that only check (advise): the
// parent turns whatever went wrong, a SimGrid abort included, into one InputError.
void check_platform(const NetworkSetup& setup);

}  // namespace marina

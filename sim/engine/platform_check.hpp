// Checks a platform before the run, in a child process: SimGrid 3.32 aborts the whole
// process on some malformed platform files (xbt_die, uncaught parser exceptions), which
// would leave the user a core dump instead of an error message. The child loads the
// platform, checks the hosts the roles name and the routes server <-> every worker; the
// parent turns whatever went wrong into one InputError naming the platform file.
#pragma once

#include "sim/engine/simulation.hpp"

namespace marina {

void check_platform(const NetworkSetup& setup);

}  // namespace marina

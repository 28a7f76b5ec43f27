// The run's simulation in a process of its own. SimGrid 3.32 ends the whole process on errors
// it meets during a run (xbt_assert / xbt_die abort with a backtrace, a segfault in routing):
// no C++ handler runs, so the run folder being written would be left half-done and the user
// would read a backtrace. Forking first turns any such death into one line.
//
// Why a fork and not a signal handler: after an abort or a segfault nothing in the process can
// be trusted, whereas the parent is untouched. The child carries on exactly as the one process
// did before (same stdout, same files, same exit status), so results are byte-identical; the
// cost is one fork (copy-on-write) and the relay of stderr through a pipe.
#pragma once

#include <functional>
#include <optional>
#include <string>

namespace marina {

// Splits the process in two, like fork(). In the child it returns std::nullopt: the caller goes
// on to load the platform (then calls platform_loaded_in_child), build and simulate, write its
// outputs and end with end_simulation_process (or throw, as usual); its stderr goes through the
// parent. In the parent it relays the child's stderr (SimGrid's own lines are held until the
// child writes a line of its own or exits), waits, and returns the child's exit status; when the
// child died of a signal (SimGrid's abort, a segfault) it first calls `clean_up(child_pid)` (the
// child's half-written run folder), then throws InputError naming `platform_file`: "not a valid
// SimGrid platform" when the child died before its platform was loaded and checked, "SimGrid
// stopped the run" after, each with what SimGrid said, without the backtrace.
//
// While the platform loads, everything the child writes is held: a child that then ends with an
// error shows its one line without SimGrid's chatter (as the separate platform check showed it
// before the platform was loaded once per run, issue 19).
std::optional<int> fork_simulation_process(const std::string& platform_file,
                                           const std::function<void(int child_pid)>& clean_up);

// In the child: its platform is loaded and checked; from now on a death is the run's.
void platform_loaded_in_child();

// Ends the child with `status` once its outputs are written, without destroying what it
// holds: tearing down a large experiment (100,000 workers' shards and states) in a process
// about to exit only costs time, and pages still shared with the parent would first be copied
// (copy-on-write). Flushes stdout and stderr first.
[[noreturn]] void end_simulation_process(int status);

}  // namespace marina

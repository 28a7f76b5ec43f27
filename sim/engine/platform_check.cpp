#include "sim/engine/platform_check.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <simgrid/s4u.hpp>
#include <string>

#include "methods/common/input_error.hpp"
#include "sim/engine/fault_injection.hpp"
#include "sim/engine/simgrid_last_words.hpp"

namespace sg4 = simgrid::s4u;

namespace marina {

namespace {

constexpr int kChildOk = 0;
constexpr int kChildInputError = 2;
constexpr const char* kMarker = "marina-platform-check: ";

// The routes server <-> every worker: a platform that cannot carry a round is refused now.
void check_routes(const LoadedPlatform& platform) {
  sg4::Host* server = platform.server;
  for (sg4::Host* w : platform.workers) {
    if (w == server) continue;  // a worker on the server's host talks over the loopback
    for (const auto& [from, to] : {std::pair{server, w}, std::pair{w, server}}) {
      std::vector<sg4::Link*> links;
      double latency = 0;
      from->route_to(to, links, &latency);
      if (links.empty() && latency <= 0)
        throw InputError("", "no route from '" + from->get_name() + "' to '" + to->get_name() + "'");
    }
  }
}

// Runs in the child: any problem is reported on stderr after kMarker, then _exit(2).
[[noreturn]] void child_check(const NetworkSetup& setup) {
  try {
    // The child's own SimGrid chatter stays out of the one-line error.
    load_checked_platform(setup, {"--log=root.thres:critical"});
    std::fflush(stderr);
    ::_exit(kChildOk);
  } catch (const InputError& e) {
    std::fprintf(stderr, "%s%ld %s\n", kMarker, e.line(), e.message().c_str());
  }
  std::fflush(stderr);
  ::_exit(kChildInputError);
}

}  // namespace

LoadedPlatform load_checked_platform(const NetworkSetup& setup, const std::vector<std::string>& extra_simgrid_args) {
  try {
    // No energy meter here: run_simulation attaches it (and reports a platform whose power is
    // malformed, or missing under run.energy = "on", with the same one line before it writes anything).
    NetworkSetup without_energy = setup;
    without_energy.energy = EnergyMode::off;
    LoadedPlatform platform = load_platform(without_energy, extra_simgrid_args);
    check_routes(platform);
    check_fault_targets(*platform.engine, setup.faults, setup.roles.server, platform.worker_names);
    return platform;
  } catch (const InputError& e) {
    throw InputError(setup.platform_file, e.line(), e.message());
  } catch (const std::exception& e) {
    throw InputError(setup.platform_file, e.what());
  }
}

void check_platform(const NetworkSetup& setup) {
  int pipe_fds[2];
  if (::pipe(pipe_fds) != 0) throw InputError(setup.platform_file, "cannot check the platform (pipe failed)");
  std::fflush(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) throw InputError(setup.platform_file, "cannot check the platform (fork failed)");
  if (pid == 0) {
    ::close(pipe_fds[0]);
    ::dup2(pipe_fds[1], STDERR_FILENO);
    ::dup2(pipe_fds[1], STDOUT_FILENO);
    child_check(setup);
  }
  ::close(pipe_fds[1]);
  std::string output;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(pipe_fds[0], buf, sizeof buf)) > 0) output.append(buf, static_cast<std::size_t>(n));
  ::close(pipe_fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (WIFEXITED(status) && WEXITSTATUS(status) == kChildOk) return;
  const auto marker = output.find(kMarker);
  if (WIFEXITED(status) && WEXITSTATUS(status) == kChildInputError && marker != std::string::npos) {
    // "LINE MESSAGE", LINE 0 when the problem has no line in the platform file.
    std::string message = output.substr(marker + std::strlen(kMarker));
    while (!message.empty() && (message.back() == '\n' || message.back() == '\r')) message.pop_back();
    const auto space = message.find(' ');
    const long line = std::strtol(message.c_str(), nullptr, 10);
    throw InputError(setup.platform_file, line, message.substr(space == std::string::npos ? 0 : space + 1));
  }
  const std::string why = simgrid_last_words(output);
  throw InputError(setup.platform_file,
                   "not a valid SimGrid platform" + (why.empty() ? std::string() : ": " + why));
}

}  // namespace marina

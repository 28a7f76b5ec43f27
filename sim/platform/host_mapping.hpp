// Which platform host plays which role. The scenario names the server host and the worker
// hosts, either as a pattern with {i} (0-based) or as a comma-separated list.
#pragma once

#include <string>
#include <vector>

namespace marina {

struct RoleMapping {
  std::string server;
  std::vector<std::string> workers;  // one per worker, in worker order
  bool all_but_server = false;       // platform.workers = "*": filled once the platform is loaded
  int expected_workers = 0;          // split.workers
};

// Roles from a SimGrid deployment file: the <actor host="H" function="server"/> and the
// <actor host="H" function="worker"/> entries, workers in file order. Throws
// std::invalid_argument with a user-facing message.
RoleMapping read_deployment(const std::string& path);

// platform.workers = "*": every host but the server, in natural order (worker-2 before
// worker-10). Throws std::invalid_argument if their number is not `n`.
std::vector<std::string> all_hosts_but(std::vector<std::string> hosts, const std::string& server, int n);

// Expands platform.workers for n workers. A list must name exactly n hosts.
// Throws std::invalid_argument with a user-facing message on a malformed value.
std::vector<std::string> expand_worker_hosts(const std::string& spec, int n);

}  // namespace marina

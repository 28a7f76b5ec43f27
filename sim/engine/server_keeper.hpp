// Keeps the simulation going while a crashed server is down and due back. SimGrid 3.32 ends
// the daemons (every worker actor) the moment the last regular actor dies: with the server
// dead that would be at its crash, and a server that comes back would find no worker left.
// The keeper is one more regular actor, on a host the fault plan never crashes, that only
// waits. It wakes when the server's host changes state or the server finishes its rounds,
// and ends when the server has finished or has gone down with no restart scheduled: the run
// then ends as SimGrid ends it, when only daemons remain. While the server is down and due
// back it waits with a timeout just past the restart date, because SimGrid applies a state
// profile's event only when time advances that far for another reason.
#pragma once

#include <memory>
#include <string>

#include "sim/scenario/fault_plan.hpp"

namespace simgrid::s4u {
class Engine;
class Host;
}  // namespace simgrid::s4u

namespace marina {

// The host the keeper lives on: the first host, by name, that no crash names and that is not
// the server's; nullptr when every host crashes at some point.
simgrid::s4u::Host* keeper_host(const simgrid::s4u::Engine& engine, const FaultPlan& plan, const std::string& server);

// Whether the plan ever brings the server back after a crash.
bool server_restarts(const FaultPlan& plan, const std::string& server);

class ServerKeeper {
 public:
  // Starts the keeper actor when the server comes back at some point; otherwise does nothing.
  ServerKeeper(const simgrid::s4u::Engine& engine, const FaultPlan& plan, simgrid::s4u::Host* server);
  ~ServerKeeper();
  ServerKeeper(const ServerKeeper&) = delete;
  ServerKeeper& operator=(const ServerKeeper&) = delete;
  // The server finished its rounds: the keeper ends now.
  void server_finished();

 private:
  struct Signal;
  std::shared_ptr<Signal> signal_;
};

}  // namespace marina

// What the server and worker actors share: the mailboxes between them and the routes of
// the platform, looked up once.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace simgrid::s4u {
class Host;
class Mailbox;
}  // namespace simgrid::s4u

namespace marina {

struct Mailboxes {
  std::vector<simgrid::s4u::Mailbox*> down;  // server -> worker i
  std::vector<simgrid::s4u::Mailbox*> up;    // worker i -> server
  simgrid::s4u::Mailbox* rejoin = nullptr;   // workers -> server, under faults only
};

struct Topology {
  simgrid::s4u::Host* server = nullptr;
  std::vector<simgrid::s4u::Host*> workers;
};

using Route = std::vector<std::pair<std::string, double>>;  // link names and bandwidths

// The links between two hosts (the platform must be sealed).
Route route_between(simgrid::s4u::Host* from, simgrid::s4u::Host* to);

}  // namespace marina

// What the server and worker actors share: the mailboxes between them and the routes of
// the platform, looked up once.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace simgrid::s4u {
class Host;
class Link;
class Mailbox;
}  // namespace simgrid::s4u

namespace marina {

struct Mailboxes {
  std::vector<simgrid::s4u::Mailbox*> down;  // server -> worker i
  std::vector<simgrid::s4u::Mailbox*> up;    // worker i -> server
};

struct Topology {
  simgrid::s4u::Host* server = nullptr;
  std::vector<simgrid::s4u::Host*> workers;
};

using Route = std::vector<std::pair<std::string, double>>;  // link names and bandwidths

// The links between two hosts (the platform must be sealed).
Route route_between(simgrid::s4u::Host* from, simgrid::s4u::Host* to);
std::vector<simgrid::s4u::Link*> links_between(simgrid::s4u::Host* from, simgrid::s4u::Host* to);

// Under faults a send is started only over a route whose links are all up. SimGrid fails a
// send over a down link at once anyway, but 3.32 leaves that failed send in the mailbox,
// where a later receive matches it: it then reports FINISHED with no payload, and waiting
// on it again can crash inside SimGrid. Not starting it is the same failure, without that.
bool route_is_up(const std::vector<simgrid::s4u::Link*>& links);

// this_actor::execute(flops) with one simcall less: execute() also sets the priority to
// its default (1), a simcall of its own in SimGrid 3.32, which changes nothing simulated
// (docs/performance.md "Simcalls per round"). Nothing at all for flops <= 0.
void charge_flops(double flops);

}  // namespace marina

#include "sim/engine/actor_plumbing.hpp"

#include <algorithm>
#include <simgrid/s4u.hpp>

#include "sim/engine/wifi_stations.hpp"

namespace sg4 = simgrid::s4u;

namespace marina {

std::vector<sg4::Link*> links_between(sg4::Host* from, sg4::Host* to) {
  std::vector<sg4::Link*> links;
  double latency = 0;
  from->route_to(to, links, &latency);
  return links;
}

Route route_between(sg4::Host* from, sg4::Host* to) {
  Route r;
  for (const sg4::Link* l : links_between(from, to)) r.emplace_back(l->get_name(), known_bandwidth_Bps(l));
  return r;
}

void charge_flops(double flops) {
  // exec_init sets the amount and the host (a simcall each); wait() starts the activity
  // (one simcall) and blocks on it (one more): four, where execute() takes five.
  if (flops > 0) sg4::this_actor::exec_init(flops)->wait();
}

bool route_is_up(const std::vector<sg4::Link*>& links) {
  return std::all_of(links.begin(), links.end(), [](const sg4::Link* l) { return l->is_on(); });
}

}  // namespace marina

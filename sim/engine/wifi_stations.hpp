// Wifi platforms: SimGrid 3.32 needs each host at either end of a route that starts or ends
// with a WIFI link to be attached to that link with a rate level (Link::set_host_wifi_rate),
// and aborts in the middle of the run otherwise; its XML cannot say it. marina-sim reads the
// level from the host's property `wifi_rate_level` (0 = the link's first bandwidth, the
// default SimGrid documents; 1 = the second, ...). platforms/README.md "Wifi".
#pragma once

#include <string>
#include <vector>

namespace simgrid::s4u {
class Engine;
class Host;
class Link;
}  // namespace simgrid::s4u

namespace marina {

// Attaches the hosts at the wifi ends of the routes server <-> every worker. Costs one scan of
// the links when the platform has no WIFI link. Throws InputError (naming `platform_file`) for
// a wifi_rate_level that is not a whole number >= 0, and for a route with a WIFI link in its
// middle (a wifi zone without access_point), which SimGrid would abort on mid-run. A level above the link's last bandwidth
// is SimGrid's to refuse, when the first message crosses it (the run's one-line error).
void attach_wifi_stations(const simgrid::s4u::Engine& engine, const std::string& platform_file,
                          simgrid::s4u::Host* server, const std::vector<simgrid::s4u::Host*>& workers);

// The link's bandwidth in bytes/s, or 0 for a WIFI link: its bandwidth depends on each
// station's rate level, and SimGrid 3.32's Link::get_bandwidth() answers 1 B/s for it.
double known_bandwidth_Bps(const simgrid::s4u::Link* link);

}  // namespace marina

#include "sim/engine/wifi_stations.hpp"

#include <algorithm>
#include <charconv>
#include <simgrid/s4u.hpp>

#include "methods/common/input_error.hpp"

namespace sg4 = simgrid::s4u;

namespace marina {

namespace {

constexpr const char* kRateProperty = "wifi_rate_level";

bool is_wifi(const sg4::Link* link) { return link->get_sharing_policy() == sg4::Link::SharingPolicy::WIFI; }

int rate_level_of(const sg4::Host* host, const sg4::Link* link, const std::string& platform_file) {
  const char* text = host->get_property(kRateProperty);
  if (text == nullptr) return 0;
  const std::string value(text);
  int level = -1;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), level);
  if (error != std::errc() || end != value.data() + value.size() || level < 0)
    throw InputError(platform_file, "host '" + host->get_name() + "': " + kRateProperty + " = '" + value +
                                        "' is not a rate level of wifi link '" + link->get_name() +
                                        "' (0 for its first bandwidth, 1 for the second, ...)");
  return level;
}

void attach(const sg4::Link* link, const sg4::Host* host, const std::string& platform_file) {
  link->set_host_wifi_rate(host, rate_level_of(host, link, platform_file));
}

}  // namespace

double known_bandwidth_Bps(const sg4::Link* link) { return is_wifi(link) ? 0.0 : link->get_bandwidth(); }

void attach_wifi_stations(const sg4::Engine& engine, const std::string& platform_file, sg4::Host* server,
                          const std::vector<sg4::Host*>& workers) {
  const std::vector<sg4::Link*> links = engine.get_all_links();
  if (std::none_of(links.begin(), links.end(), is_wifi)) return;
  for (sg4::Host* w : workers) {
    if (w == server) continue;  // the loopback
    for (const auto& [from, to] : {std::pair{server, w}, std::pair{w, server}}) {
      std::vector<sg4::Link*> route;
      double latency = 0;
      from->route_to(to, route, &latency);
      if (route.empty()) continue;
      // SimGrid looks up the sender's rate on a first WIFI link and the receiver's on a last one,
      // and aborts at the first message when a WIFI link sits anywhere else.
      for (std::size_t i = 1; i + 1 < route.size(); ++i)
        if (is_wifi(route[i]))
          throw InputError(platform_file, "the route from '" + from->get_name() + "' to '" + to->get_name() +
                                              "' crosses wifi link '" + route[i]->get_name() +
                                              "' in its middle (a wifi zone needs an access_point property "
                                              "naming its router or host)");
      if (is_wifi(route.front())) attach(route.front(), from, platform_file);
      if (is_wifi(route.back())) attach(route.back(), to, platform_file);
    }
  }
}

}  // namespace marina

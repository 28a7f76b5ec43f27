// The joules of the metered links, in the power model of SimGrid's link_energy plugin:
// P = idle + (busy - idle) * usage / bandwidth, usage being what SimGrid's network model puts on
// the link, so E = idle * T + (busy - idle) * integral(usage / bandwidth) dt (docs/energy.md).
// Two ways to the integral, both exact, chosen once per run:
// - from the traffic: under LV08 and CM02 a transfer of S bytes puts usage * dt = S / f on each
//   link of its route (f = network/bandwidth-factor: 0.97 under LV08, 1 under CM02), however the
//   links are shared, and 0.05 S / f on each link of the reverse route (crosstraffic, the TCP
//   acknowledgements; measured to 1e-15 on the library platforms). O(route) per transfer. It needs
//   every transfer to end complete (no [faults]), constant bandwidths (no bandwidth profiles),
//   and links whose usage is a sum (SHARED, as both halves of a SPLITDUPLEX link are; not FATPIPE
//   or WIFI).
// - sampled: otherwise, usage * dt at every clock advance, over the links of the routes of the
//   transfers under way (posted on a watched mailbox, their sender has not seen them end); the
//   cost follows the links that carry traffic, not the platform's size.
#pragma once

#include <cstddef>
#include <optional>
#include <simgrid/forward.h>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "sim/engine/power_properties.hpp"

namespace marina {

// The routes between the server and one worker.
struct MeteredRoute {
  std::vector<simgrid::s4u::Link*> down;  // server -> worker
  std::vector<simgrid::s4u::Link*> up;    // worker -> server
};

class LinkEnergyLedger {
 public:
  static constexpr std::size_t kInactive = static_cast<std::size_t>(-1);

  // After loading (sealed). The metered links are those of all routes. `traffic_allowed`: every
  // transfer will end complete and no bandwidth changes (the caller knows the faults and the
  // platform file); the network model and the links are checked here. Throws
  // std::invalid_argument for malformed power properties.
  LinkEnergyLedger(const simgrid::s4u::Engine& engine, const std::vector<MeteredRoute>& routes, bool traffic_allowed);

  // Transfers posted on `box` go down (server -> worker) or up the routes of routes[route].
  void watch_mailbox(const simgrid::s4u::Mailbox* box, std::size_t route, bool down);
  // From SimGrid's signals: a send posted; a comm its side has seen end; a host turned off (its
  // senders never see their transfers end). Metered from the traffic, a transfer counts when posted.
  void transfer_posted(const simgrid::s4u::Comm& comm);
  void transfer_ended(const simgrid::s4u::Comm* comm);
  void host_off(const simgrid::s4u::Host* host);
  // At every clock advance, before SimGrid handles what happens at the new time.
  void advance(double dt);

  bool from_traffic() const { return from_traffic_; }
  // Sorted by name.
  std::size_t size() const { return links_.size(); }
  const std::string& name(std::size_t i) const { return *links_[i].name; }
  bool powered(std::size_t i) const { return links_[i].power.has_value(); }
  double joules(std::size_t i, double now) const;
  bool any_powered() const;

 private:
  struct Link {
    const std::string* name = nullptr;  // SimGrid's, which lives as long as the platform
    const simgrid::s4u::Link* link = nullptr;
    std::optional<LinkPower> power;  // nothing: unpowered, 0 J
    double dynamic_j = 0;            // sampled: (busy - idle) * integral of usage / bandwidth dt
    double traffic_bytes = 0;        // from the traffic: forward bytes + crosstraffic x reverse bytes
    int transfers = 0;               // sampled: transfers under way whose routes hold it
    std::size_t active_at = kInactive;  // sampled: its place in active_ while transfers > 0
  };
  struct Direction {
    std::vector<std::size_t> forward, reverse;  // powered links
  };
  // Sampled: a transfer under way (posted on a watched mailbox, its sender has not seen it end).
  struct Transfer {
    const Direction* direction;
    const simgrid::s4u::Host* sender;
    simgrid::s4u::CommPtr comm;  // held, so that its address stays this transfer's until it ends
  };
  void hold(const Direction& d, int change);

  std::vector<Link> links_;
  std::vector<Direction> down_, up_;  // per route; not resized after construction (Transfer points in)
  std::unordered_map<const simgrid::s4u::Mailbox*, std::pair<std::size_t, bool>> box_;
  std::unordered_map<const simgrid::s4u::Comm*, Transfer> transfers_;
  std::vector<std::size_t> active_;
  std::vector<simgrid::s4u::CommPtr> ended_;  // released at the next advance, not inside SimGrid's callback
  double start_s_ = 0;
  bool from_traffic_ = false;
  double crosstraffic_ = 0;  // weight of a transfer on its reverse route
  double bandwidth_factor_ = 1;
};

}  // namespace marina

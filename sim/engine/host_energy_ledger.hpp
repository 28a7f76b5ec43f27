// The joules of the metered hosts, in the power model of SimGrid's host_energy plugin
// (sim/engine/power_properties.hpp), at O(1) per event. A host's power only changes when a
// computation starts or ends on it, when it turns off or on, or when its speed changes, so
// between those events it is steady and its joules are power x duration; with one core at a fixed
// pstate, E = P_idle * t_idle + P_all_cores * t_busy + P_off * t_off (docs/energy.md).
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "sim/engine/power_properties.hpp"

namespace simgrid::s4u {
class Host;
}

namespace marina {

class HostEnergyLedger {
 public:
  // Before run(); `hosts` may repeat (a worker may share the server's host). Throws
  // std::invalid_argument for malformed power properties.
  explicit HostEnergyLedger(const std::vector<simgrid::s4u::Host*>& hosts);

  // An event that may change the host's power (any host: unmetered ones are ignored).
  // `state_changed`: it turned off or on.
  void touch(const simgrid::s4u::Host* host, bool state_changed = false);
  // At every clock advance, before SimGrid handles what happens at the new time.
  void advance(double dt);

  // Sorted by name.
  std::size_t size() const { return hosts_.size(); }
  const std::string& name(std::size_t i) const { return *hosts_[i].name; }
  bool powered(std::size_t i) const { return hosts_[i].power.has_value(); }
  double joules(std::size_t i, double now) const;
  bool any_powered() const { return !at_.empty(); }

 private:
  // Steady: `watts` since `since`. After an event a host is sampled at each clock advance
  // (power x dt, as the plugin integrates) until an interval has gone by with nothing new, then
  // steady again at the last power sampled.
  struct Host {
    const std::string* name = nullptr;  // SimGrid's, which lives as long as the platform
    const simgrid::s4u::Host* host = nullptr;
    std::optional<HostPower> power;  // nothing: unpowered, 0 J
    double watts = 0;                // steady: drawn since `since`; sampled: over the last interval
    double since = 0;
    double joules = 0;               // up to `since`
    bool sampled = false;
    bool changes_after_advance = false;      // an event at the coming advance's time: one more interval
    bool on = true;                          // on or off during the interval under way
    std::optional<bool> on_after_advance{};  // a state change at the coming advance's time
  };
  static double interval_watts(const Host& h);

  std::vector<Host> hosts_;
  std::unordered_map<const simgrid::s4u::Host*, std::size_t> at_;  // powered hosts only
  std::vector<std::size_t> sampled_;
  double last_advance_s_ = 0;
};

}  // namespace marina

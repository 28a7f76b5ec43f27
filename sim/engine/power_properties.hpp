// The power a platform gives its hosts and links, read from SimGrid's own properties
// (docs/energy.md "What the platform says"):
// - host wattage_per_state = "idle:epsilon:all_cores" (or "idle:all_cores", epsilon = idle), one
//   per pstate, comma-separated; wattage_off = watts while the host is off (0 when absent);
// - link wattage_range = "idle:busy", per direction; a link without its own takes its
//   split-duplex parent's, else that of the innermost <zone> or <cluster> declaring it.
// Malformed values are std::invalid_argument naming the host or link. The platform-wide
// marina/link_wattage_range <config> key of earlier versions is refused here too.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace simgrid::s4u {
class Engine;
class Host;
class Link;
}  // namespace simgrid::s4u

namespace marina {

// One pstate's power (SimGrid's host_energy model): P = idle with no core busy, else
// P = epsilon + load * (all_cores - epsilon), load = busy cores / cores in (0, 1].
struct PstatePower {
  double idle_w = 0, epsilon_w = 0, all_cores_w = 0;
};

struct HostPower {
  std::vector<PstatePower> pstates;  // one per pstate of the host
  double off_w = 0;
  // The power at a load in [0, 1] (already divided by the cores) in pstate `pstate`.
  double watts(bool on, unsigned long pstate, double load) const;
};

// The host's power, or nothing when it has no wattage_per_state.
std::optional<HostPower> host_power(const simgrid::s4u::Host& host);

// host_power, parsed again only when a host's properties differ from the previous host's (the
// hosts of a cluster all carry the same).
class HostPowerCache {
 public:
  const std::optional<HostPower>& of(const simgrid::s4u::Host& host);

 private:
  std::string per_state_, off_;
  unsigned long pstates_ = 0;
  bool filled_ = false;
  std::optional<HostPower> power_;
};

struct LinkPower {
  double idle_w = 0, busy_w = 0;
};

// Resolves each link's power as above; built once per platform (the zone walk is lazy).
class LinkPowerLookup {
 public:
  explicit LinkPowerLookup(const simgrid::s4u::Engine& engine);
  ~LinkPowerLookup();
  LinkPowerLookup(const LinkPowerLookup&) = delete;
  LinkPowerLookup& operator=(const LinkPowerLookup&) = delete;
  // Nothing when the link draws nothing.
  std::optional<LinkPower> of(const simgrid::s4u::Link& link);

 private:
  struct ZoneWalk;
  const simgrid::s4u::Engine& engine_;
  std::unique_ptr<ZoneWalk> zones_;  // walked at the first link that needs it
  std::string last_text_;           // the previous link's value, parsed
  LinkPower last_power_;
};

// After loading: refuses (InputError, with the file's line) the platform-wide
// marina/link_wattage_range <config> key of earlier versions, which SimGrid itself refuses, saying
// how to convert it. Called whether or not energy is metered: the file is not a SimGrid platform.
void refuse_legacy_link_power(const std::string& platform_file);

}  // namespace marina

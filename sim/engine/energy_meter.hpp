// Joules of a run (docs/energy.md), metered by marina-sim itself in the power model of SimGrid's
// energy plugins (sim/engine/power_properties.hpp): hosts at O(1) per event
// (sim/engine/host_energy_ledger.hpp), links from the traffic or sampled where the traffic
// flows (sim/engine/link_energy_ledger.hpp), so metering costs what the run does, not what the
// platform holds.
// The plugins themselves are not used: 3.32's link_energy looks up the route of every
// communication that ends, and one that ends unmatched (a worker killed while it waits for a
// downlink, at the end of every run) has no peer host, so SimGrid aborts; host_energy is lazy
// and its sums depend on when it is read. tests/sim/test_energy_vs_plugins.cpp checks this meter
// against both plugins, brought up to date at every clock advance, within 1e-9.
// Nothing here changes simulated time: the meter only reads SimGrid's state.
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "sim/engine/link_energy_ledger.hpp"

namespace simgrid::s4u {
class Engine;
class Host;
class Mailbox;
}  // namespace simgrid::s4u

namespace marina {

enum class EnergyMode { off, on, automatic };

// "on", "off", "auto" (the scenario key run.energy); std::invalid_argument otherwise.
EnergyMode parse_energy_mode(const std::string& text);

// Whether to meter: "on" always, "off" never, "auto" for a platform that is not XML (a .so can
// set properties we cannot read ahead) or whose text names wattage_per_state or wattage_range (a
// cheap scan that spares an unpowered platform the route walk); the meter then reports only if
// some host or link of the run has power. Any number of workers.
bool energy_wanted(EnergyMode mode, const std::string& platform_file);

// Whether the platform file may change a link's bandwidth during the run (a bandwidth profile):
// XML naming bandwidth_file or trace_connect, or a platform that is not XML.
bool platform_may_vary_bandwidth(const std::string& platform_file);

// The hosts and links whose energy a run reports: the server, the workers, and every link of a
// route between the server and a worker, sorted by name. A host without wattage_per_state or a
// link without power counts 0 J and is listed as unpowered.
class EnergyMeter {
 public:
  // After load_platform (sealed), before run. `traffic_allowed`: see LinkEnergyLedger. Throws
  // std::invalid_argument for malformed power properties.
  EnergyMeter(const simgrid::s4u::Engine& engine, const std::vector<simgrid::s4u::Host*>& hosts,
              const std::vector<MeteredRoute>& routes, bool traffic_allowed);
  ~EnergyMeter();
  EnergyMeter(const EnergyMeter&) = delete;
  EnergyMeter& operator=(const EnergyMeter&) = delete;

  // Transfers posted on `box` go down (server -> worker) or up the routes of routes[route].
  void watch_mailbox(const simgrid::s4u::Mailbox* box, std::size_t route, bool down);

  // Whether any metered host or link has power properties.
  bool powered() const;
  // Whether the links are metered from the traffic (else sampled), for tests and benchmarks.
  bool links_from_traffic() const;

  // Cumulative joules of every metered host and link up to now; no simcall, from an actor or
  // after run(). The same sum, in the same order, as to_json()'s total_j.
  double total_j() const;
  // Per host and per link, the totals, the unpowered names and the clock they were read at.
  nlohmann::json to_json() const;

 private:
  struct State;
  std::shared_ptr<State> state_;  // shared with SimGrid's callbacks, which live as long as the process
};

// How sim/output reads the run's energy while it runs, without knowing SimGrid: run_simulation
// connects it when energy is metered. Read it only from inside the simulation (the round observer).
class EnergyGauge {
 public:
  bool connected() const { return static_cast<bool>(read_); }
  double joules() const { return read_(); }
  void connect(std::function<double()> read) { read_ = std::move(read); }

 private:
  std::function<double()> read_;
};

}  // namespace marina

// Joules of a run (docs/energy.md):
// - hosts: SimGrid's host_energy plugin. A host draws P = idle while its cores do nothing,
//   P = epsilon + load * (all_cores - epsilon) while it computes (load = busy cores / cores, per
//   pstate), and wattage_off while it is off; host properties wattage_per_state =
//   "idle:epsilon:all_cores" (or "idle:all_cores") per pstate, and wattage_off.
// - links: the model of SimGrid's link_energy plugin, P = idle + (busy - idle) * usage / bandwidth
//   with the link property wattage_range = "idle:busy", integrated here on every clock advance.
//   The 3.32 plugin itself cannot be used: it looks up the route of every communication that
//   ends, and one that ends unmatched (a worker killed while it waits for a downlink, which
//   happens at the end of every run, or a cancelled receive under faults) has no peer host, so
//   SimGrid segfaults in Host::route_to. SimGrid 3.32 also leaves the two halves of a
//   SPLITDUPLEX link (NAME_UP, NAME_DOWN) without the property, and <cluster> links cannot carry
//   one, so a link without its own wattage_range takes its split-duplex parent's, else that of
//   the innermost <zone> or <cluster> declaring it that has the property (a zone property).
// Every property is SimGrid's own, so the platform stays a plain SimGrid file.
// The host plugin must be started before the platform is loaded; run.energy decides when:
// "on" always, "auto" when the platform file mentions a power property, "off" never.
// Nothing here changes simulated time: the plugin and the link integration only observe.
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace simgrid::s4u {
class Engine;
class Host;
class Link;
}  // namespace simgrid::s4u

namespace marina {

enum class EnergyMode { off, on, automatic };

// "on", "off", "auto" (the scenario key run.energy); std::invalid_argument otherwise.
EnergyMode parse_energy_mode(const std::string& text);

// Before the engine loads the platform: whether to start the plugins. "auto" starts them for a
// platform that is not XML (a .so can set properties we cannot read ahead) or whose text names
// wattage_per_state or wattage_range; the decision whether to report is taken after loading.
// "auto" stays off above kAutoEnergyMaxWorkers workers: metering integrates every host and link
// at every clock advance, O(n) per advance and so O(n^2) per round (docs/energy.md "Cost");
// "on" meters any size.
constexpr int kAutoEnergyMaxWorkers = 1000;
bool energy_plugins_wanted(EnergyMode mode, const std::string& platform_file, int workers);

// After loading: refuses (InputError, with the file's line) the platform-wide
// marina/link_wattage_range <config> key of earlier versions, which SimGrid itself refuses, saying
// how to convert it. Called whether or not energy is metered: the file is not a SimGrid platform.
void refuse_legacy_link_power(const std::string& platform_file);

// SimGrid options that keep the plugin's end-of-run INFO lines (one per host) off stderr: the
// joules go to summary.json. Placed before the user's own --log, which wins.
std::vector<std::string> energy_log_options();

// sg_host_energy_plugin_init; before load_platform.
void start_energy_plugins();

// The hosts and links whose energy a run reports: the server, the workers, and every link of a
// route between the server and a worker (either way), sorted by name. A host without
// wattage_per_state or a link without power counts 0 J and is listed as unpowered.
class EnergyMeter {
 public:
  // After load_platform (sealed), before run: reads the links' power (see the top of this file)
  // and starts integrating their usage.
  EnergyMeter(const simgrid::s4u::Engine& engine, const std::vector<simgrid::s4u::Host*>& hosts,
              const std::vector<simgrid::s4u::Link*>& links);

  // Whether any metered host or link has power properties.
  bool powered() const;

  // Cumulative joules of every metered host and link up to now. From an actor this is one
  // simcall (it brings the host plugin's lazy integration up to the clock); also after run().
  double total_j() const;
  // Per host and per link, the totals, the unpowered names and the clock they were read at.
  nlohmann::json to_json() const;

 private:
  template <class Resource>
  struct Metered {
    std::string name;
    Resource* resource;
    bool powered;
  };
  std::vector<Metered<simgrid::s4u::Host>> hosts_;  // sorted by name
  std::vector<Metered<simgrid::s4u::Link>> links_;
  struct LinkPower {
    const simgrid::s4u::Link* link;
    double idle_w, busy_w;
    double dynamic_j = 0;  // (busy - idle) * integral of usage / bandwidth over time
  };
  struct LinkLedger {
    double start_s = 0;  // when the integration started (idle power counts from there)
    std::vector<LinkPower> links;
  };
  double link_joules(const LinkPower& l) const;

  std::vector<simgrid::s4u::Host*> powered_hosts_;
  std::shared_ptr<LinkLedger> ledger_;  // shared with the clock-advance callback
  std::vector<const LinkPower*> link_power_;  // per links_ entry, nullptr when unpowered
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

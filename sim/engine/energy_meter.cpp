#include "sim/engine/energy_meter.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <simgrid/plugins/energy.h>
#include <simgrid/s4u.hpp>
#include <simgrid/simix.hpp>
#include <stdexcept>
#include <xbt/config.hpp>

namespace sg4 = simgrid::s4u;

namespace marina {

namespace {

constexpr const char* kHostPower = "wattage_per_state";
constexpr const char* kLinkPower = "wattage_range";

// The power of links that have none of their own (a platform's <config> or --cfg=). Declared
// with SimGrid so that the platform parser accepts it; empty = such links draw nothing.
simgrid::config::Flag<std::string> default_link_power{
    "marina/link_wattage_range",
    "marina-sim: wattage_range (\"idle:busy\" W) of every link without its own (docs/energy.md)", ""};

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// "idle:busy": two finite non-negative numbers.
std::pair<double, double> parse_link_power(const std::string& value, const std::string& where) {
  std::vector<double> watts;
  const auto colon = value.find(':');
  bool ok = colon != std::string::npos && value.find(':', colon + 1) == std::string::npos;
  for (const std::string& part : {value.substr(0, colon), ok ? value.substr(colon + 1) : std::string()}) {
    std::size_t used = 0;
    double v = -1;
    try {
      v = std::stod(part, &used);
    } catch (const std::exception&) {
      ok = false;
    }
    ok = ok && used == part.size() && v >= 0 && v < 1e12;
    watts.push_back(v);
  }
  if (!ok) throw std::invalid_argument(where + " = \"" + value + "\" (expected \"idle:busy\" in watts)");
  return {watts[0], watts[1]};
}

// The power a link draws, or nullptr: its own, its split-duplex parent's, the platform default.
std::string link_power(const sg4::Engine& engine, const sg4::Link& link) {
  if (const char* own = link.get_property(kLinkPower)) return own;
  const std::string& name = link.get_name();
  for (const char* half : {"_UP", "_DOWN"}) {
    if (!ends_with(name, half)) continue;
    try {
      const auto* parent = engine.split_duplex_link_by_name(name.substr(0, name.size() - std::char_traits<char>::length(half)));
      if (const char* inherited = parent ? parent->get_property(kLinkPower) : nullptr) return inherited;
    } catch (const std::invalid_argument&) {
      // not the half of a split-duplex link: a plain link whose name ends that way
    }
  }
  return default_link_power.get();
}

}  // namespace

EnergyMode parse_energy_mode(const std::string& text) {
  if (text == "on") return EnergyMode::on;
  if (text == "off") return EnergyMode::off;
  if (text == "auto") return EnergyMode::automatic;
  throw std::invalid_argument("run.energy must be \"auto\", \"on\" or \"off\", got \"" + text + "\"");
}

bool energy_plugins_wanted(EnergyMode mode, const std::string& platform_file, int workers) {
  if (mode != EnergyMode::automatic) return mode == EnergyMode::on;
  if (workers > kAutoEnergyMaxWorkers) return false;
  if (!ends_with(platform_file, ".xml")) return true;
  std::ifstream in(platform_file, std::ios::binary);
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  return text.find(kHostPower) != std::string::npos || text.find(kLinkPower) != std::string::npos;
}

std::vector<std::string> energy_log_options() { return {"--log=host_energy.thres:warning"}; }

void start_energy_plugins() { sg_host_energy_plugin_init(); }

EnergyMeter::EnergyMeter(const sg4::Engine& engine, const std::vector<sg4::Host*>& hosts,
                         const std::vector<sg4::Link*>& links) {
  const auto by_name = [](const auto& a, const auto& b) { return a.name < b.name; };
  const auto same = [](const auto& a, const auto& b) { return a.name == b.name; };
  for (sg4::Host* h : hosts) hosts_.push_back({h->get_name(), h, h->get_property(kHostPower) != nullptr});
  std::sort(hosts_.begin(), hosts_.end(), by_name);
  hosts_.erase(std::unique(hosts_.begin(), hosts_.end(), same), hosts_.end());  // a worker may share the server's host
  for (sg4::Link* l : links) links_.push_back({l->get_name(), l, false});
  std::sort(links_.begin(), links_.end(), by_name);
  links_.erase(std::unique(links_.begin(), links_.end(), same), links_.end());

  for (const Metered<sg4::Host>& h : hosts_)
    if (h.powered) powered_hosts_.push_back(h.resource);

  ledger_ = std::make_shared<LinkLedger>();
  ledger_->start_s = sg4::Engine::get_clock();
  ledger_->links.reserve(links_.size());  // link_power_ points into it
  for (Metered<sg4::Link>& l : links_) {
    const std::string power = link_power(engine, *l.resource);
    l.powered = !power.empty();
    if (!l.powered) {
      link_power_.push_back(nullptr);
      continue;
    }
    const auto [idle, busy] = parse_link_power(power, "the power of link '" + l.name + "'");
    ledger_->links.push_back({l.resource, idle, busy});
    link_power_.push_back(&ledger_->links.back());
  }
  // At a clock advance the links still carry the flows of the interval that just ended
  // (checked: a lone transfer of S bytes integrates to usage * dt = S / 0.97 under LV08), so
  // summing usage * dt here integrates the plugin's power model exactly, flow by flow.
  if (!ledger_->links.empty())
    sg4::Engine::on_time_advance_cb([ledger = ledger_](double dt) {
      for (LinkPower& l : ledger->links) {
        const double usage = l.link->get_usage();
        if (usage > 0) l.dynamic_j += (l.busy_w - l.idle_w) * usage / l.link->get_bandwidth() * dt;
      }
    });
  // The host plugin integrates lazily: power x time since the host's last update, updated when
  // its CPU starts or ends work, when it turns on or off, and when someone reads it. Which
  // reads happen depends on activities that simulate nothing (helper actors, timeouts), and
  // each split of an interval moves the sum in its last digits. Updating every metered host
  // at every clock advance (where, as for links, the load is still that of the elapsed
  // interval) fixes the split to the advances, so equal simulations give equal joules to the bit.
  if (!powered_hosts_.empty())
    sg4::Engine::on_time_advance_cb([hosts = powered_hosts_](double) {
      for (const sg4::Host* h : hosts) sg_host_get_consumed_energy(h);
    });
}

bool EnergyMeter::powered() const { return !powered_hosts_.empty() || !ledger_->links.empty(); }

double EnergyMeter::link_joules(const LinkPower& l) const {
  return l.idle_w * (sg4::Engine::get_clock() - ledger_->start_s) + l.dynamic_j;
}

double EnergyMeter::total_j() const {
  double total = 0;
  for (const LinkPower& l : ledger_->links) total += link_joules(l);
  if (powered_hosts_.empty()) return total;
  // One simcall for all hosts: each plugin query from an actor would otherwise be one of its own.
  return total + simgrid::kernel::actor::simcall_answered([this] {
    double hosts = 0;
    for (const sg4::Host* h : powered_hosts_) hosts += sg_host_get_consumed_energy(h);
    return hosts;
  });
}

nlohmann::json EnergyMeter::to_json() const {
  nlohmann::json hosts = nlohmann::json::object(), links = nlohmann::json::object();
  nlohmann::json unpowered = nlohmann::json::array();
  double hosts_total = 0, links_total = 0;
  for (const Metered<sg4::Host>& h : hosts_) {
    const double j = h.powered ? sg_host_get_consumed_energy(h.resource) : 0.0;
    if (!h.powered) unpowered.push_back(h.name);
    hosts[h.name] = j;
    hosts_total += j;
  }
  for (std::size_t i = 0; i < links_.size(); ++i) {
    const Metered<sg4::Link>& l = links_[i];
    const double j = l.powered ? link_joules(*link_power_[i]) : 0.0;
    if (!l.powered) unpowered.push_back(l.name);
    links[l.name] = j;
    links_total += j;
  }
  return {{"total_j", hosts_total + links_total},
          {"hosts_total_j", hosts_total},
          {"links_total_j", links_total},
          {"hosts", hosts},
          {"links", links},
          {"unpowered", unpowered},
          {"until_s", sg4::Engine::get_clock()}};
}

}  // namespace marina

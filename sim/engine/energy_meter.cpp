#include "sim/engine/energy_meter.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <optional>
#include <simgrid/kernel/routing/NetZoneImpl.hpp>
#include <simgrid/plugins/energy.h>
#include <simgrid/s4u.hpp>
#include <simgrid/simix.hpp>
#include <stdexcept>
#include <typeinfo>
#include <unordered_map>
#include <xbt/config.hpp>

#include "methods/common/input_error.hpp"

namespace sg4 = simgrid::s4u;

namespace marina {

namespace {

constexpr const char* kHostPower = "wattage_per_state";
constexpr const char* kLinkPower = "wattage_range";

// The platform-wide link power of marina-sim before issue 19, a <config> key SimGrid does not
// know. Still declared so that such a file gets a message saying how to convert it instead of
// SimGrid's "Bad config key"; any value is refused (refuse_legacy_link_power).
constexpr const char* kLegacyLinkPowerKey = "marina/link_wattage_range";
simgrid::config::Flag<std::string> legacy_link_power{
    kLegacyLinkPowerKey, "no longer read: put wattage_range in the root <zone> or <cluster> (docs/energy.md)", ""};

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

// A zone's own wattage_range. SimGrid 3.32 gives a <cluster>'s properties to its zone only for
// the FLAT topology; a FAT_TREE, TORUS or DRAGONFLY cluster gives them to its hosts alone (checked
// by loading), so there the cluster's value is read from any of its hosts, which all carry it.
// The zone's class is told by its type's name: libsimgrid does not export the typeinfo of these
// classes, so dynamic_cast to them does not link.
const char* zone_link_power(const sg4::NetZone* zone) {
  if (const char* own = zone->get_property(kLinkPower)) return own;
  const std::string type = typeid(*zone->get_impl()).name();
  const bool topology_cluster = type == "N7simgrid6kernel7routing11FatTreeZoneE" ||
                                type == "N7simgrid6kernel7routing9TorusZoneE" ||
                                type == "N7simgrid6kernel7routing13DragonflyZoneE";
  if (!topology_cluster) return nullptr;
  const std::vector<sg4::Host*> hosts = zone->get_all_hosts();
  return hosts.empty() ? nullptr : hosts.front()->get_property(kLinkPower);
}

// The zones' power for their links (docs/energy.md): a <zone> or <cluster> with wattage_range
// powers every link it declares, its subzones' included, that has no power of its own; the
// innermost such zone wins, and a link no zone declares (SimGrid's __loopback__) takes the root's.
class ZoneLinkPower {
 public:
  explicit ZoneLinkPower(const sg4::Engine& engine) {
    const sg4::NetZone* root = engine.get_netzone_root();
    if (const char* power = zone_link_power(root)) root_ = power;
    visit(root);
  }
  std::string of(const sg4::Link* link) const {
    const auto it = by_link_.find(link);
    return it == by_link_.end() ? root_ : it->second;
  }

 private:
  // Parents before children, so that an inner zone's value overwrites its parent's.
  void visit(const sg4::NetZone* zone) {
    if (const char* power = zone_link_power(zone))
      for (const sg4::Link* l : zone->get_impl()->get_all_links()) by_link_[l] = power;
    for (const sg4::NetZone* child : zone->get_children()) visit(child);
  }
  std::unordered_map<const sg4::Link*, std::string> by_link_;
  std::string root_;
};

// The power a link draws ("" for none): its own, its split-duplex parent's, its zone's.
std::string link_power(const sg4::Engine& engine, const sg4::Link& link, std::optional<ZoneLinkPower>& zones) {
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
  if (!zones) zones.emplace(engine);  // walked once, and only when some link needs it
  return zones->of(&link);
}

// The first line of `file` that holds `text`, 0 when none does (or the file cannot be read).
long line_holding(const std::string& file, const std::string& text) {
  std::ifstream in(file);
  std::string line;
  for (long number = 1; std::getline(in, line); ++number)
    if (line.find(text) != std::string::npos) return number;
  return 0;
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

void refuse_legacy_link_power(const std::string& platform_file) {
  const std::string value = legacy_link_power.get();
  if (value.empty()) return;
  const std::string convert = "put <prop id=\"wattage_range\" value=\"" + value +
                              "\"/> first in the platform's root <zone> or <cluster> instead, or regenerate the "
                              "file with marina-sim platform (docs/energy.md)";
  if (const long line = line_holding(platform_file, kLegacyLinkPowerKey))
    throw InputError(platform_file, line,
                     std::string(kLegacyLinkPowerKey) + " is not a SimGrid configuration key (SimGrid refuses the file): " +
                         convert);
  throw InputError(platform_file, std::string("--cfg=") + kLegacyLinkPowerKey + " is no longer read: " + convert);
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
  std::optional<ZoneLinkPower> zones;
  for (Metered<sg4::Link>& l : links_) {
    const std::string power = link_power(engine, *l.resource, zones);
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

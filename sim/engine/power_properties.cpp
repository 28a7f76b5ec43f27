#include "sim/engine/power_properties.hpp"

#include <cstdlib>
#include <fstream>
#include <simgrid/kernel/routing/NetZoneImpl.hpp>
#include <simgrid/s4u.hpp>
#include <stdexcept>
#include <typeinfo>
#include <unordered_map>
#include <xbt/config.hpp>

#include "methods/common/input_error.hpp"

namespace sg4 = simgrid::s4u;

namespace marina {

namespace {

constexpr const char* kHostPower = "wattage_per_state";
constexpr const char* kHostOffPower = "wattage_off";
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

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts{""};
  for (const char c : text) {
    if (c == separator)
      parts.emplace_back();
    else
      parts.back().push_back(c);
  }
  return parts;
}

// A finite non-negative number of watts; spaces around it are allowed, as SimGrid allows them.
bool parse_watts(const std::string& text, double& watts) {
  const char* begin = text.c_str();
  char* end = nullptr;
  watts = std::strtod(begin, &end);
  while (*end == ' ') ++end;
  return end != begin && *end == '\0' && watts >= 0 && watts < 1e12;
}

std::vector<double> parse_watt_list(const std::string& text, std::size_t min_parts, std::size_t max_parts) {
  const std::vector<std::string> parts = split(text, ':');
  if (parts.size() < min_parts || parts.size() > max_parts) return {};
  std::vector<double> watts(parts.size());
  for (std::size_t i = 0; i < parts.size(); ++i)
    if (!parse_watts(parts[i], watts[i])) return {};
  return watts;
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

// The first line of `file` that holds `text`, 0 when none does (or the file cannot be read).
long line_holding(const std::string& file, const std::string& text) {
  std::ifstream in(file);
  std::string line;
  for (long number = 1; std::getline(in, line); ++number)
    if (line.find(text) != std::string::npos) return number;
  return 0;
}

}  // namespace

double HostPower::watts(bool on, unsigned long pstate, double load) const {
  if (!on) return off_w;
  const PstatePower& p = pstates.at(pstate);
  return load > 0 ? p.epsilon_w + load * (p.all_cores_w - p.epsilon_w) : p.idle_w;
}

std::optional<HostPower> host_power(const sg4::Host& host) {
  const char* per_state = host.get_property(kHostPower);
  if (per_state == nullptr) return std::nullopt;
  const std::string where = "host '" + host.get_name() + "': ";
  HostPower power;
  for (const std::string& state : split(per_state, ',')) {
    const std::vector<double> w = parse_watt_list(state, 2, 3);
    if (w.empty())
      throw std::invalid_argument(where + kHostPower + " = \"" + per_state +
                                  "\" (expected \"idle:all_cores\" or \"idle:epsilon:all_cores\" in watts per pstate)");
    power.pstates.push_back(w.size() == 2 ? PstatePower{w[0], w[0], w[1]} : PstatePower{w[0], w[1], w[2]});
  }
  if (power.pstates.size() != host.get_pstate_count())
    throw std::invalid_argument(where + kHostPower + " has " + std::to_string(power.pstates.size()) +
                                " energetic profiles for " + std::to_string(host.get_pstate_count()) +
                                " pstates (one idle:epsilon:all_cores per speed)");
  if (const char* off = host.get_property(kHostOffPower); off != nullptr && !parse_watts(off, power.off_w))
    throw std::invalid_argument(where + kHostOffPower + " = \"" + off + "\" (expected watts)");
  return power;
}

const std::optional<HostPower>& HostPowerCache::of(const sg4::Host& host) {
  const char* per_state = host.get_property(kHostPower);
  const char* off = host.get_property(kHostOffPower);
  const std::string off_text = off == nullptr ? "" : off;
  const bool same = filled_ && per_state != nullptr && per_state_ == per_state && off_ == off_text &&
                    pstates_ == host.get_pstate_count();
  if (!same) {
    power_ = host_power(host);  // also the error, which names this host
    per_state_ = per_state == nullptr ? "" : per_state;
    off_ = off_text;
    pstates_ = host.get_pstate_count();
    filled_ = per_state != nullptr;
  }
  return power_;
}

// The zones' power for their links: a <zone> or <cluster> with wattage_range powers every link
// it declares, its subzones' included, that has no power of its own; the innermost such zone
// wins, and a link no zone declares (SimGrid's __loopback__) takes the root's.
struct LinkPowerLookup::ZoneWalk {
  explicit ZoneWalk(const sg4::Engine& engine) {
    const sg4::NetZone* root = engine.get_netzone_root();
    root_ = zone_link_power(root);
    visit(root);
  }
  // Parents before children, so that an inner zone's value overwrites its parent's.
  void visit(const sg4::NetZone* zone) {
    if (const char* power = zone_link_power(zone))
      for (const sg4::Link* l : zone->get_impl()->get_all_links()) by_link_[l] = power;
    for (const sg4::NetZone* child : zone->get_children()) visit(child);
  }
  const char* of(const sg4::Link* link) const {
    const auto it = by_link_.find(link);
    return it == by_link_.end() ? root_ : it->second;
  }
  // The values are the zones' own property strings, which live as long as the platform.
  std::unordered_map<const sg4::Link*, const char*> by_link_;
  const char* root_ = nullptr;
};

LinkPowerLookup::LinkPowerLookup(const sg4::Engine& engine) : engine_(engine) {}
LinkPowerLookup::~LinkPowerLookup() = default;

std::optional<LinkPower> LinkPowerLookup::of(const sg4::Link& link) {
  std::string power;
  if (const char* own = link.get_property(kLinkPower)) power = own;
  const std::string& name = link.get_name();
  for (const char* half : {"_UP", "_DOWN"}) {
    if (!power.empty() || !ends_with(name, half)) continue;
    try {
      const auto* parent =
          engine_.split_duplex_link_by_name(name.substr(0, name.size() - std::char_traits<char>::length(half)));
      if (const char* inherited = parent ? parent->get_property(kLinkPower) : nullptr) power = inherited;
    } catch (const std::invalid_argument&) {
      // not the half of a split-duplex link: a plain link whose name ends that way
    }
  }
  if (power.empty()) {
    if (!zones_) zones_ = std::make_unique<ZoneWalk>(engine_);
    if (const char* zoned = zones_->of(&link)) power = zoned;
  }
  if (power.empty()) return std::nullopt;
  if (power == last_text_) return last_power_;
  const std::vector<double> w = parse_watt_list(power, 2, 2);
  if (w.empty())
    throw std::invalid_argument("the power of link '" + name + "' = \"" + power + "\" (expected \"idle:busy\" in watts)");
  last_text_ = power;
  last_power_ = LinkPower{w[0], w[1]};
  return last_power_;
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

}  // namespace marina

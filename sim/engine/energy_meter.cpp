#include "sim/engine/energy_meter.hpp"

#include <utility>

#include <fstream>
#include <iterator>
#include <simgrid/s4u.hpp>
#include <stdexcept>
#include <typeinfo>

#include "sim/engine/host_energy_ledger.hpp"

namespace sg4 = simgrid::s4u;

namespace marina {

namespace {

bool is_xml(const std::string& file) {
  return file.size() >= 4 && file.compare(file.size() - 4, 4, ".xml") == 0;
}

std::string file_text(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

struct EnergyMeter::State {
  State(const sg4::Engine& engine, const std::vector<sg4::Host*>& hosts, const std::vector<MeteredRoute>& routes,
        bool traffic_allowed)
      : hosts(hosts), links(engine, routes, traffic_allowed) {}
  HostEnergyLedger hosts;
  LinkEnergyLedger links;

  std::pair<double, double> totals(double now) const {
    double hosts_j = 0, links_j = 0;
    for (std::size_t i = 0; i < hosts.size(); ++i) hosts_j += hosts.joules(i, now);
    for (std::size_t i = 0; i < links.size(); ++i) links_j += links.joules(i, now);
    return {hosts_j, links_j};
  }
};

EnergyMode parse_energy_mode(const std::string& text) {
  if (text == "on") return EnergyMode::on;
  if (text == "off") return EnergyMode::off;
  if (text == "auto") return EnergyMode::automatic;
  throw std::invalid_argument("run.energy must be \"auto\", \"on\" or \"off\", got \"" + text + "\"");
}

bool energy_wanted(EnergyMode mode, const std::string& platform_file) {
  if (mode != EnergyMode::automatic) return mode == EnergyMode::on;
  if (!is_xml(platform_file)) return true;
  const std::string text = file_text(platform_file);
  return text.find("wattage_per_state") != std::string::npos || text.find("wattage_range") != std::string::npos;
}

bool platform_may_vary_bandwidth(const std::string& platform_file) {
  if (!is_xml(platform_file)) return true;
  const std::string text = file_text(platform_file);
  return text.find("bandwidth_file") != std::string::npos || text.find("trace_connect") != std::string::npos;
}

EnergyMeter::EnergyMeter(const sg4::Engine& engine, const std::vector<sg4::Host*>& hosts,
                         const std::vector<MeteredRoute>& routes, bool traffic_allowed)
    : state_(std::make_shared<State>(engine, hosts, routes, traffic_allowed)) {
  // SimGrid's signals live as long as the process; they hold the state, not the meter.
  const std::shared_ptr<State> state = state_;
  sg4::Engine::on_time_advance_cb([state](double dt) {
    state->hosts.advance(dt);
    state->links.advance(dt);
  });
  sg4::Exec::on_start_cb([state](const sg4::Exec& e) {
    if (e.get_host_number() == 1) state->hosts.touch(e.get_host());
  });
  // SimGrid 3.32 derives nothing from Comm or Exec, so comparing the type is exact, and cheaper
  // than a dynamic_cast: this runs twice for every transfer.
  sg4::Activity::on_completion_cb([state](const sg4::Activity& a) {
    if (typeid(a) == typeid(sg4::Comm)) {
      state->links.transfer_ended(static_cast<const sg4::Comm*>(&a));
    } else if (typeid(a) == typeid(sg4::Exec)) {
      const auto& e = static_cast<const sg4::Exec&>(a);
      if (e.get_host_number() == 1) state->hosts.touch(e.get_host());
    }
  });
  sg4::Host::on_state_change_cb([state](const sg4::Host& h) {
    state->hosts.touch(&h, true);
    if (!h.is_on()) state->links.host_off(&h);
  });
  sg4::Host::on_speed_change_cb([state](const sg4::Host& h) { state->hosts.touch(&h); });
  sg4::Comm::on_send_cb([state](const sg4::Comm& c) { state->links.transfer_posted(c); });
}

EnergyMeter::~EnergyMeter() = default;

void EnergyMeter::watch_mailbox(const sg4::Mailbox* box, std::size_t route, bool down) {
  state_->links.watch_mailbox(box, route, down);
}

bool EnergyMeter::powered() const { return state_->hosts.any_powered() || state_->links.any_powered(); }

bool EnergyMeter::links_from_traffic() const { return state_->links.from_traffic(); }

double EnergyMeter::total_j() const {
  const auto [hosts, links] = state_->totals(sg4::Engine::get_clock());
  return hosts + links;
}

nlohmann::json EnergyMeter::to_json() const {
  const State& s = *state_;
  const double now = sg4::Engine::get_clock();
  nlohmann::json hosts = nlohmann::json::object(), links = nlohmann::json::object();
  nlohmann::json unpowered = nlohmann::json::array();
  // The ledgers are sorted by name, so each entry goes at the end of the object's map.
  auto& host_map = hosts.get_ref<nlohmann::json::object_t&>();
  for (std::size_t i = 0; i < s.hosts.size(); ++i) {
    host_map.emplace_hint(host_map.end(), s.hosts.name(i), s.hosts.joules(i, now));
    if (!s.hosts.powered(i)) unpowered.push_back(s.hosts.name(i));
  }
  auto& link_map = links.get_ref<nlohmann::json::object_t&>();
  for (std::size_t i = 0; i < s.links.size(); ++i) {
    link_map.emplace_hint(link_map.end(), s.links.name(i), s.links.joules(i, now));
    if (!s.links.powered(i)) unpowered.push_back(s.links.name(i));
  }
  const auto [hosts_total, links_total] = s.totals(now);
  // Moved in, not copied: an entry per host and per link (300,000 at 100,000 workers).
  nlohmann::json j = nlohmann::json::object();
  j["total_j"] = hosts_total + links_total;
  j["hosts_total_j"] = hosts_total;
  j["links_total_j"] = links_total;
  j["hosts"] = std::move(hosts);
  j["links"] = std::move(links);
  j["unpowered"] = std::move(unpowered);
  j["until_s"] = now;
  return j;
}

}  // namespace marina

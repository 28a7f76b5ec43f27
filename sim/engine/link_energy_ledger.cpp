#include "sim/engine/link_energy_ledger.hpp"

#include <algorithm>
#include <simgrid/s4u.hpp>
#include <utility>
#include <xbt/config.hpp>

namespace sg4 = simgrid::s4u;

namespace marina {

namespace {

// The weight of a transfer on the links of its reverse route, in SimGrid 3.32's CM02 family
// (LV08 included): the TCP acknowledgements. 0 with network/crosstraffic off.
constexpr double kCrosstraffic = 0.05;

}  // namespace

LinkEnergyLedger::LinkEnergyLedger(const sg4::Engine& engine, const std::vector<MeteredRoute>& routes,
                                   bool traffic_allowed)
    : start_s_(sg4::Engine::get_clock()) {
  // Sorted through (name, link) pairs: at 100,000 workers, sorting the ledgers themselves moved
  // their strings around for a measurable part of the setup.
  std::unordered_map<const sg4::Link*, std::size_t> at;
  std::vector<std::pair<const std::string*, const sg4::Link*>> order;
  for (const MeteredRoute& r : routes)
    for (const auto* links : {&r.down, &r.up})
      for (const sg4::Link* l : *links)
        if (at.emplace(l, 0).second) order.emplace_back(&l->get_name(), l);
  std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return *a.first < *b.first; });
  LinkPowerLookup powers(engine);
  links_.reserve(order.size());
  bool sums = true;  // every powered link's usage is the sum of its flows'
  for (const auto& [name, link] : order) {
    at[link] = links_.size();
    Link& l = links_.emplace_back();
    l.name = name;
    l.link = link;
    l.power = powers.of(*link);
    sums = sums && (!l.power || link->get_sharing_policy() == sg4::Link::SharingPolicy::SHARED);
  }
  const auto powered_indices = [&](const std::vector<sg4::Link*>& links) {
    std::vector<std::size_t> out;
    for (const sg4::Link* l : links)
      if (const std::size_t i = at.at(l); links_[i].power) out.push_back(i);
    return out;
  };
  for (const MeteredRoute& r : routes) {
    const std::vector<std::size_t> down = powered_indices(r.down), up = powered_indices(r.up);
    down_.push_back({down, up});
    up_.push_back({up, down});
  }

  const std::string model = simgrid::config::get_value<std::string>("network/model");
  from_traffic_ = traffic_allowed && sums && (model == "LV08" || model == "CM02");
  crosstraffic_ = simgrid::config::get_value<bool>("network/crosstraffic") ? kCrosstraffic : 0.0;
  bandwidth_factor_ = simgrid::config::get_value<double>("network/bandwidth-factor");
}

void LinkEnergyLedger::watch_mailbox(const sg4::Mailbox* box, std::size_t route, bool down) {
  box_[box] = {route, down};
}

void LinkEnergyLedger::hold(const Direction& d, int change) {
  for (const auto* links : {&d.forward, &d.reverse})
    for (const std::size_t i : *links) {
      Link& l = links_[i];
      l.transfers += change;
      if (l.transfers > 0 && l.active_at == kInactive) {
        l.active_at = active_.size();
        active_.push_back(i);
      } else if (l.transfers == 0 && l.active_at != kInactive) {
        links_[active_.back()].active_at = l.active_at;
        active_[l.active_at] = active_.back();
        active_.pop_back();
        l.active_at = kInactive;
      }
    }
}

void LinkEnergyLedger::transfer_posted(const sg4::Comm& comm) {
  const auto box = box_.find(comm.get_mailbox());
  if (box == box_.end()) return;
  const auto [route, down] = box->second;
  const Direction& d = down ? down_[route] : up_[route];
  if (from_traffic_) {
    // Counted when posted: a run metered from the traffic has no faults, so every transfer
    // posted ends complete, and the run reads its joules between rounds, when none is under way
    // (and at the end). Before a transfer starts, what remains of it is all of it.
    const double bytes = comm.get_remaining();
    for (const std::size_t i : d.forward) links_[i].traffic_bytes += bytes;
    for (const std::size_t i : d.reverse) links_[i].traffic_bytes += crosstraffic_ * bytes;
    return;
  }
  if (transfers_.count(&comm) != 0) return;
  const sg4::Actor* sender = sg4::Actor::self();
  hold(d, +1);
  transfers_.emplace(&comm, Transfer{&d, sender != nullptr ? sender->get_host() : nullptr,
                                     sg4::CommPtr(const_cast<sg4::Comm*>(&comm))});
}

void LinkEnergyLedger::transfer_ended(const sg4::Comm* comm) {
  const auto it = transfers_.find(comm);
  if (it == transfers_.end()) return;
  hold(*it->second.direction, -1);
  ended_.push_back(std::move(it->second.comm));
  transfers_.erase(it);
}

void LinkEnergyLedger::host_off(const sg4::Host* host) {
  std::vector<const sg4::Comm*> gone;
  for (const auto& [comm, t] : transfers_)
    if (t.sender == host) gone.push_back(comm);
  for (const sg4::Comm* comm : gone) transfer_ended(comm);
}

// At a clock advance the links still carry the flows of the interval that just ended (a lone
// transfer of S bytes integrates to usage * dt = S / 0.97 under LV08), so summing usage * dt here
// integrates the plugin's power model exactly, flow by flow.
void LinkEnergyLedger::advance(double dt) {
  for (const std::size_t i : active_) {
    Link& l = links_[i];
    const double usage = l.link->get_usage();
    if (usage > 0) l.dynamic_j += (l.power->busy_w - l.power->idle_w) * usage / l.link->get_bandwidth() * dt;
  }
  ended_.clear();
}

double LinkEnergyLedger::joules(std::size_t i, double now) const {
  const Link& l = links_[i];
  if (!l.power) return 0.0;
  const double dynamic =
      from_traffic_ ? (l.power->busy_w - l.power->idle_w) * (l.traffic_bytes / bandwidth_factor_) / l.link->get_bandwidth()
                    : l.dynamic_j;
  return l.power->idle_w * (now - start_s_) + dynamic;
}

bool LinkEnergyLedger::any_powered() const {
  return std::any_of(links_.begin(), links_.end(), [](const Link& l) { return l.power.has_value(); });
}

}  // namespace marina

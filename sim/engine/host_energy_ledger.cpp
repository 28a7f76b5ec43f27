#include "sim/engine/host_energy_ledger.hpp"

#include <algorithm>
#include <simgrid/s4u.hpp>
#include <utility>

namespace sg4 = simgrid::s4u;

namespace marina {

HostEnergyLedger::HostEnergyLedger(const std::vector<sg4::Host*>& hosts) {
  last_advance_s_ = sg4::Engine::get_clock();
  // Sorted through (name, host) pairs: at 100,000 workers, sorting the ledgers themselves moved
  // their strings around for a measurable part of the setup.
  std::vector<std::pair<const std::string*, const sg4::Host*>> order;
  for (const sg4::Host* h : hosts) order.emplace_back(&h->get_name(), h);
  std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return *a.first < *b.first; });
  order.erase(std::unique(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.second == b.second; }),
              order.end());
  HostPowerCache powers;
  hosts_.reserve(order.size());
  for (const auto& [name, host] : order) {
    Host& h = hosts_.emplace_back();
    h.name = name;
    h.host = host;
    h.power = powers.of(*host);
    if (!h.power) continue;
    h.since = last_advance_s_;
    h.on = host->is_on();
    h.watts = interval_watts(h);  // before run(): nothing computes yet
    at_.emplace(host, hosts_.size() - 1);
  }
}

// SimGrid's power model of a host (the host_energy plugin's) over the interval that ends at this
// clock advance: its pstate at the load its computations put on it, load = flop/s computed /
// (pstate speed x cores) <= 1, or its off power.
double HostEnergyLedger::interval_watts(const Host& m) {
  const sg4::Host& h = *m.host;
  if (!m.on) return m.power->off_w;
  const unsigned long pstate = h.get_pstate();
  const double speed = h.get_pstate_speed(pstate);
  // A pstate of speed 0 counts as fully loaded, as in the plugin (no division by zero).
  const double load = speed > 0 ? std::min(1.0, h.get_load() / speed / h.get_core_count()) : 1.0;
  return m.power->watts(true, pstate, load);
}

// SimGrid announces most events after the clock advance to their time, but applies state and
// speed profiles just before it (the clock already shows the new time): then the interval that
// ends at that advance is still the old state's, and the new state is sampled at the next one.
void HostEnergyLedger::touch(const sg4::Host* host, bool state_changed) {
  const auto it = at_.find(host);
  if (it == at_.end()) return;
  Host& h = hosts_[it->second];
  const bool after_advance = sg4::Engine::get_clock() > last_advance_s_;
  if (state_changed) {
    if (after_advance)
      h.on_after_advance = h.host->is_on();
    else
      h.on = h.host->is_on();
  }
  h.changes_after_advance = h.changes_after_advance || after_advance;
  if (h.sampled) return;
  h.joules += h.watts * (last_advance_s_ - h.since);  // steady until the last advance
  h.since = last_advance_s_;
  h.sampled = true;
  sampled_.push_back(it->second);
}

// At a clock advance SimGrid's solver has not yet seen what happens at the new time: a host's
// load is that of the computations of the interval that just ended.
void HostEnergyLedger::advance(double dt) {
  const double now = sg4::Engine::get_clock();
  last_advance_s_ = now;
  std::size_t kept = 0;
  for (const std::size_t i : sampled_) {
    Host& h = hosts_[i];
    h.watts = interval_watts(h);
    h.joules += h.watts * dt;
    h.since = now;
    if (h.on_after_advance) h.on = *h.on_after_advance;
    h.on_after_advance.reset();
    h.sampled = h.changes_after_advance;  // else steady from now on at the power just sampled
    h.changes_after_advance = false;
    if (h.sampled) sampled_[kept++] = i;
  }
  sampled_.resize(kept);
}

double HostEnergyLedger::joules(std::size_t i, double now) const {
  const Host& h = hosts_[i];
  return h.power ? h.joules + h.watts * (now - h.since) : 0.0;
}

}  // namespace marina

#include "sim/engine/fault_injection.hpp"

#include <algorithm>
#include <memory>
#include <set>
#include <simgrid/kernel/ProfileBuilder.hpp>
#include <simgrid/kernel/Timer.hpp>
#include <simgrid/s4u.hpp>
#include <sstream>

#include "methods/common/input_error.hpp"
#include "sim/engine/server_keeper.hpp"

namespace sg4 = simgrid::s4u;
namespace profile = simgrid::kernel::profile;

namespace marina {
namespace {

// "date value" lines in date order, the text format of SimGrid's profiles.
class Timeline {
 public:
  void add(double date, double value) { events_.emplace_back(date, value); }
  bool empty() const { return events_.empty(); }
  std::string text() {
    std::sort(events_.begin(), events_.end());
    std::ostringstream out;
    out.precision(17);
    for (const auto& [date, value] : events_) out << date << ' ' << value << '\n';
    return out.str();
  }

 private:
  std::vector<std::pair<double, double>> events_;
};

// A SPLITDUPLEX link "l" exists as "l_UP" and "l_DOWN"; a fault on "l" takes both down.
bool names_link(const std::string& fault_link, const std::string& link) {
  return link == fault_link || link == fault_link + "_UP" || link == fault_link + "_DOWN";
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

void install_fault_profiles(const FaultPlan& plan) {
  if (plan.crashes.empty() && plan.stragglers.empty()) return;
  // SimGrid 3.32 signals a host's creation twice (created, then sealed), and a profile name
  // may be defined once: attach at the first signal only.
  auto attached = std::make_shared<std::set<std::string>>();
  sg4::Host::on_creation_cb([plan, attached](sg4::Host& host) {
    if (!attached->insert(host.get_name()).second) return;
    Timeline state, speed;
    for (const HostCrash& c : plan.crashes) {
      if (c.host != host.get_name()) continue;
      state.add(c.at, 0);
      if (c.restart_at) state.add(*c.restart_at, 1);
    }
    for (const Straggler& s : plan.stragglers) {
      if (s.host != host.get_name()) continue;
      speed.add(s.from, 1.0 / s.slowdown);  // a speed profile scales the peak speed
      if (s.until) speed.add(*s.until, 1.0);
    }
    // A negative periodicity: the profile runs once and does not repeat.
    if (!state.empty()) host.set_state_profile(profile::ProfileBuilder::from_string("crash:" + host.get_name(), state.text(), -1));
    if (!speed.empty()) host.set_speed_profile(profile::ProfileBuilder::from_string("slow:" + host.get_name(), speed.text(), -1));
  });
}

void schedule_link_outages(const sg4::Engine& engine, const FaultPlan& plan) {
  for (const LinkOutage& o : plan.outages) {
    for (sg4::Link* l : engine.get_all_links()) {
      if (!names_link(o.link, l->get_name())) continue;
      simgrid::kernel::timer::Timer::set(o.from, [l] { l->turn_off(); });
      if (o.until) simgrid::kernel::timer::Timer::set(*o.until, [l] { l->turn_on(); });
    }
  }
}

void check_fault_targets(const sg4::Engine& engine, const FaultPlan& plan, const std::string& server,
                         const std::vector<std::string>& workers) {
  for (const HostCrash& c : plan.crashes)
    if (c.host != server && !contains(workers, c.host))
      throw InputError("", "faults.crashes names '" + c.host +
                               "', which runs neither the server nor a worker (expected '" + server + "' or one of the " +
                               std::to_string(workers.size()) + " worker hosts)");
  if (server_restarts(plan, server) && keeper_host(engine, plan, server) == nullptr)
    throw InputError("", "faults.crashes restarts the server but crashes every other host too (one host that never "
                         "crashes keeps the simulation going while the server is down)");
  if (const std::string& storage = plan.checkpoints.host; !storage.empty()) {
    if (engine.host_by_name_or_null(storage) == nullptr)
      throw InputError("", "faults.checkpoint_host names '" + storage + "', a host the platform does not have");
    if (storage == server)
      throw InputError("", "faults.checkpoint_host names the server's own host '" + server +
                               "' (leave it empty for the server's local disk)");
  }
  for (const Straggler& s : plan.stragglers)
    if (s.host != server && !contains(workers, s.host))
      throw InputError("", "faults.stragglers names '" + s.host +
                               "', which runs neither the server nor a worker (expected one of their hosts)");
  for (const LinkOutage& o : plan.outages) {
    bool found = false;
    for (const sg4::Link* l : engine.get_all_links()) found = found || names_link(o.link, l->get_name());
    if (!found) throw InputError("", "faults.links_down names '" + o.link + "', a link the platform does not have");
  }
}

}  // namespace marina

#include "sim/engine/server_keeper.hpp"

#include <algorithm>
#include <simgrid/s4u.hpp>

#include "methods/common/input_error.hpp"

namespace sg4 = simgrid::s4u;

namespace marina {

struct ServerKeeper::Signal {
  sg4::SemaphorePtr wake = sg4::Semaphore::create(0);  // released at every event below
  bool finished = false;
};

namespace {

// The server's host went down at `now` (a date its state profile holds exactly): when the
// crash that began then ends, or a negative number when it does not.
double restart_date(const FaultPlan& plan, const std::string& server, double now) {
  const HostCrash* latest = nullptr;
  for (const HostCrash& c : plan.crashes)
    if (c.host == server && c.at <= now && (latest == nullptr || c.at > latest->at)) latest = &c;
  return latest != nullptr && latest->restart_at ? *latest->restart_at : -1.0;
}

// SimGrid 3.32 applies a state profile's event only when time advances to it for some other
// reason (an activity ending then or later): with the server down and every worker waiting,
// nothing would, so the keeper waits until a little past the restart. The host comes back
// first and wakes it; the margin only has to cover rounding in the dates.
constexpr double kPastTheRestart = 1e-9;

}  // namespace

sg4::Host* keeper_host(const sg4::Engine& engine, const FaultPlan& plan, const std::string& server) {
  std::vector<sg4::Host*> hosts = engine.get_all_hosts();
  std::sort(hosts.begin(), hosts.end(),
            [](const sg4::Host* a, const sg4::Host* b) { return a->get_name() < b->get_name(); });
  for (sg4::Host* h : hosts)
    if (h->get_name() != server && !plan.crashes_host(h->get_name())) return h;
  return nullptr;
}

bool server_restarts(const FaultPlan& plan, const std::string& server) {
  return std::any_of(plan.crashes.begin(), plan.crashes.end(),
                     [&](const HostCrash& c) { return c.host == server && c.restart_at.has_value(); });
}

ServerKeeper::ServerKeeper(const sg4::Engine& engine, const FaultPlan& plan, sg4::Host* server) {
  const std::string name = server->get_name();
  if (!server_restarts(plan, name)) return;
  sg4::Host* host = keeper_host(engine, plan, name);
  if (host == nullptr)  // check_fault_targets refuses such a plan before the run
    throw InputError("", "faults.crashes restarts the server but crashes every other host too");
  signal_ = std::make_shared<Signal>();
  // In maestro's context, when the state profile turns the host off or on.
  sg4::Host::on_state_change_cb([signal = signal_, server](const sg4::Host& h) {
    if (&h == server) signal->wake->release();
  });
  sg4::Actor::create("server-keeper", host, [signal = signal_, plan, server, name] {
    for (;;) {
      if (server->is_on()) {
        signal->wake->acquire();
      } else {
        const double now = sg4::Engine::get_clock(), back = restart_date(plan, name, now);
        if (back < 0) return;  // down for good
        signal->wake->acquire_timeout(back + kPastTheRestart - now);
      }
      if (signal->finished) return;
    }
  });
}

ServerKeeper::~ServerKeeper() = default;

void ServerKeeper::server_finished() {
  if (!signal_) return;
  signal_->finished = true;
  signal_->wake->release();
}

}  // namespace marina

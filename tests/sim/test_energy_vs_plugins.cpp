// The energy meter against SimGrid's own host_energy and link_energy plugins (issue 19 §2):
// the same small run, metered both ways, gives the same joules within 1e-9 relative for every
// host and link, through computations on one and two cores, a pstate, transfers that share a
// backbone, a straggler (speed profile), and in the faulty variant crashes during a computation
// and during a transfer, both from a state profile (applied just before SimGrid announces the
// clock advance) and from a kernel timer (just after), and restarts. Without faults the meter
// takes the links' joules from the traffic, with faults it samples them.
//
// The plugins are brought up to date at every clock advance (their own updates are lazy: they
// charge an interval at the load they find at its end). The run avoids what the 3.32 link plugin
// cannot survive: no communication may end unmatched (a timed-out or killed receive aborts it in
// CommImpl::get_traversed_links), so the server cancels what it no longer waits for, crashes hit
// workers while they compute or send, and every actor ends on its own.
#include <gtest/gtest.h>
#include <simgrid/plugins/energy.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <simgrid/kernel/ProfileBuilder.hpp>
#include <simgrid/kernel/Timer.hpp>
#include <simgrid/s4u.hpp>
#include <sstream>
#include <string>

#include "sim/engine/energy_meter.hpp"
#include "tests/sim/in_child.hpp"

namespace marina {
namespace {

using marina::testing::in_child;

namespace fs = std::filesystem;
namespace sg4 = simgrid::s4u;

constexpr int kWorkers = 4;
constexpr int kRounds = 6;
constexpr double kDeadline_s = 3.0;  // a round's wait for uplinks (the straggler's too), then what is open is cancelled

// Shared (not split-duplex) links: SimGrid 3.32's link plugin reads no property on the halves
// of a SPLITDUPLEX link. Worker 1 has two cores (one computation loads it half), worker 3 runs
// in its second pstate.
fs::path write_platform() {
  const fs::path file = fs::temp_directory_path() / ("energy-vs-plugins-" + std::to_string(::getpid()) + ".xml");
  std::ofstream(file) << R"(<?xml version='1.0'?>
<!DOCTYPE platform SYSTEM "https://simgrid.org/simgrid.dtd">
<platform version="4.1">
  <zone id="z" routing="Full">
    <host id="server" speed="10Gf"><prop id="wattage_per_state" value="100:120:200"/><prop id="wattage_off" value="10"/></host>
    <host id="w0" speed="1Gf"><prop id="wattage_per_state" value="50:150"/><prop id="wattage_off" value="5"/></host>
    <host id="w1" speed="1Gf" core="2"><prop id="wattage_per_state" value="80:90:160"/><prop id="wattage_off" value="8"/></host>
    <host id="w2" speed="1Gf"><prop id="wattage_per_state" value="60:70:140"/><prop id="wattage_off" value="4"/></host>
    <host id="w3" speed="1Gf,500Mf" pstate="1"><prop id="wattage_per_state" value="95:200, 90:150"/><prop id="wattage_off" value="5"/></host>
    <link id="bb" bandwidth="10Gbps" latency="50us"><prop id="wattage_range" value="10:30"/></link>
    <link id="l0" bandwidth="1Gbps" latency="10us"><prop id="wattage_range" value="2:5"/></link>
    <link id="l1" bandwidth="100Mbps" latency="1ms"><prop id="wattage_range" value="1:3"/></link>
    <link id="l2" bandwidth="1Gbps" latency="20us"><prop id="wattage_range" value="3:3.5"/></link>
    <link id="l3" bandwidth="500Mbps" latency="5ms"><prop id="wattage_range" value="0.5:4"/></link>
    <route src="server" dst="w0"><link_ctn id="bb"/><link_ctn id="l0"/></route>
    <route src="server" dst="w1"><link_ctn id="bb"/><link_ctn id="l1"/></route>
    <route src="server" dst="w2"><link_ctn id="bb"/><link_ctn id="l2"/></route>
    <route src="server" dst="w3"><link_ctn id="bb"/><link_ctn id="l3"/></route>
  </zone>
</platform>
)";
  return file;
}

constexpr std::uint64_t kDownBytes = 1'000'000;
constexpr std::uint64_t kUpBytes[kWorkers] = {2'000'000, 500'000, 100'000'000, 4'000'000};
constexpr double kFlops[kWorkers] = {3e8, 5e8, 2e8, 1e8};
constexpr int kStop = -1;

sg4::Mailbox* down(int i) { return sg4::Mailbox::by_name("down-" + std::to_string(i)); }
sg4::Mailbox* up(int i) { return sg4::Mailbox::by_name("up-" + std::to_string(i)); }

// A worker: downlink, computation, uplink, until told to stop. Restarted with its host.
void worker(int i) {
  for (;;) {
    const std::unique_ptr<int> round(down(i)->get<int>());
    if (*round == kStop) return;
    sg4::this_actor::execute(kFlops[i]);
    up(i)->put(new int(*round), kUpBytes[i]);
  }
}

// The server: each round a downlink to every worker whose host is on and a receive of its
// uplink, a deadline for them, what is still open cancelled, then the aggregation.
void server(sg4::Host* const* workers) {
  for (int round = 0; round < kRounds; ++round) {
    std::vector<sg4::CommPtr> open;
    std::vector<int*> received(kWorkers, nullptr);
    for (int i = 0; i < kWorkers; ++i) {
      if (!workers[i]->is_on()) continue;
      open.push_back(down(i)->put_async(new int(round), kDownBytes));
      open.push_back(up(i)->get_async<int>(&received[i]));
    }
    const double deadline = sg4::Engine::get_clock() + kDeadline_s;
    while (!open.empty()) {
      ssize_t done = -1;
      try {
        done = sg4::Comm::wait_any_for(open, deadline - sg4::Engine::get_clock());
      } catch (const simgrid::NetworkFailureException&) {
        for (std::size_t k = 0; k < open.size(); ++k)
          if (open[k]->get_state() == sg4::Activity::State::FAILED) done = static_cast<ssize_t>(k);
      }
      if (done < 0) break;
      open.erase(open.begin() + done);
    }
    for (const sg4::CommPtr& c : open) c->cancel();
    for (int* r : received) delete r;
    sg4::this_actor::execute(1e9);
  }
  for (int i = 0; i < kWorkers; ++i) down(i)->put(new int(kStop), 1);
}

struct Joules {
  std::map<std::string, double> hosts, links;
};

// "" when every joule count of the meter matches the plugin's within 1e-9 relative.
std::string compare(const Joules& plugin, const nlohmann::json& meter) {
  std::ostringstream failures;
  failures.precision(17);
  const auto check = [&](const std::string& what, const std::map<std::string, double>& want, const nlohmann::json& got) {
    if (got.size() != want.size()) failures << what << ": " << got.size() << " metered, " << want.size() << " expected\n";
    for (const auto& [name, j] : want) {
      if (!got.contains(name)) {
        failures << what << " " << name << " not metered\n";
        continue;
      }
      const double g = got[name].get<double>();
      if (!(std::abs(g - j) <= 1e-9 * std::abs(j))) failures << what << " " << name << ": meter " << g << " J, plugin " << j << " J\n";
    }
  };
  check("host", plugin.hosts, meter["hosts"]);
  check("link", plugin.links, meter["links"]);
  return failures.str();
}

// With faults the links are sampled at every clock advance; without, metered from the traffic.
class EnergyVsPlugins : public ::testing::TestWithParam<bool> {};

TEST_P(EnergyVsPlugins, SameJoulesThroughComputationsTransfersAndStragglers) {
  const bool faults = GetParam();
  const fs::path platform = write_platform();
  const std::string failure = in_child([&]() -> std::string {
    int argc = 2;
    std::string name = "marina-test", quiet = "--log=root.thres:critical";
    char* argv[] = {name.data(), quiet.data(), nullptr};
    sg4::Engine engine(&argc, argv);
    sg_host_energy_plugin_init();
    sg_link_energy_plugin_init();
    engine.load_platform(platform.string());
    sg4::Host* server_host = engine.host_by_name("server");
    static sg4::Host* workers[kWorkers];
    for (int i = 0; i < kWorkers; ++i) workers[i] = engine.host_by_name("w" + std::to_string(i));
    using simgrid::kernel::profile::ProfileBuilder;
    // w2 crashes at 0.1 s, in its first computation, and is back at 0.6 s (a state profile);
    // w1 runs at a quarter of its speed from 3.3 s to 3.5 s, during its second computation
    // (round 0 ends at the 3 s deadline, which w2 misses), a speed profile.
    if (faults) workers[2]->set_state_profile(ProfileBuilder::from_string("w2-state", "0.1 0\n0.6 1\n", -1));
    workers[1]->set_speed_profile(ProfileBuilder::from_string("w1-speed", "3.3 0.25\n3.5 1\n", -1));
    engine.seal_platform();

    std::vector<sg4::Host*> hosts{server_host};
    std::vector<MeteredRoute> routes;
    for (sg4::Host* w : workers) {
      hosts.push_back(w);
      MeteredRoute r;
      double latency = 0;
      server_host->route_to(w, r.down, &latency);
      w->route_to(server_host, r.up, &latency);
      routes.push_back(r);
    }
    EnergyMeter meter(engine, hosts, routes, !faults);
    if (meter.links_from_traffic() == faults) return "links metered the other way";
    for (int i = 0; i < kWorkers; ++i) {
      meter.watch_mailbox(down(i), static_cast<std::size_t>(i), true);
      meter.watch_mailbox(up(i), static_cast<std::size_t>(i), false);
    }

    // The plugins, brought up to date at every clock advance, and once before the run: the host
    // plugin notes a host's pstate at its creation, before the platform's pstate="1" applies,
    // and would charge w3's first interval at pstate 0's idle power.
    sg_host_energy_update_all();
    const std::vector<sg4::Link*> links = engine.get_all_links();
    sg4::Engine::on_time_advance_cb([hosts, links](double) {
      for (const sg4::Host* h : hosts) sg_host_get_consumed_energy(h);
      for (const sg4::Link* l : links) sg_link_get_consumed_energy(l);
    });
    // Kernel timers (applied just after the clock advance is announced): w0 crashes 0.1 s into
    // its second computation and is back 0.3 s later; w2 crashes 0.3 s into its first uplink
    // after its restart, while the bytes flow, and is back 0.5 s later.
    static int w0_computations = 0, w2_uplinks = 0;
    static bool crash;
    crash = faults;
    sg4::Exec::on_start_cb([](const sg4::Exec& e) {
      if (!crash || e.get_host() != workers[0] || ++w0_computations != 2) return;
      const double now = sg4::Engine::get_clock();
      simgrid::kernel::timer::Timer::set(now + 0.1, [] { workers[0]->turn_off(); });
      simgrid::kernel::timer::Timer::set(now + 0.4, [] { workers[0]->turn_on(); });
    });
    sg4::Comm::on_send_cb([](const sg4::Comm& c) {
      if (!crash || c.get_mailbox() != up(2) || ++w2_uplinks != 1) return;
      const double now = sg4::Engine::get_clock();
      simgrid::kernel::timer::Timer::set(now + 0.3, [] { workers[2]->turn_off(); });
      simgrid::kernel::timer::Timer::set(now + 0.8, [] { workers[2]->turn_on(); });
    });

    sg4::Actor::create("server", server_host, [] { server(workers); });
    for (int i = 0; i < kWorkers; ++i)
      sg4::Actor::create("worker-" + std::to_string(i), workers[i], [i] { worker(i); })->set_auto_restart(true);
    engine.run();

    Joules plugin;
    for (const sg4::Host* h : hosts) plugin.hosts[h->get_name()] = sg_host_get_consumed_energy(h);
    for (const MeteredRoute& r : routes)
      for (const auto* links : {&r.down, &r.up})
        for (const sg4::Link* l : *links) plugin.links[l->get_name()] = sg_link_get_consumed_energy(l);
    std::string f = compare(plugin, meter.to_json());
    // The run went through what it is meant to: both crashes of w2, w0's.
    if (faults && (w0_computations < 3 || w2_uplinks < 2)) f += "the crashes did not happen as planned\n";
    return f;
  });
  fs::remove(platform);
  EXPECT_EQ(failure, "");
}

INSTANTIATE_TEST_SUITE_P(Runs, EnergyVsPlugins, ::testing::Values(false, true),
                         [](const ::testing::TestParamInfo<bool>& p) {
                           return p.param ? "WithCrashesAndRestarts" : "WithoutFaults";
                         });

}  // namespace
}  // namespace marina

// The energy meter against the power model worked out by hand (docs/energy.md): on one
// split-duplex link between two hosts, one transfer of S bytes then one computation of F flops.
// Under LV08 the transfer takes T_c = 13.01 L + S / (0.97 B) and loads its direction of the link
// fully (usage = B) for its last S / (0.97 B), and the other direction with 5% of that (LV08's
// crosstraffic: the acknowledgements); the computation takes T_x = F / speed on one core.
// SimGrid keeps one engine per process, so every simulation runs in a forked child.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
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

constexpr double kLatency = 10e-6;      // s
constexpr double kBandwidth = 1.25e8;   // B/s (1 Gbps)
constexpr double kSpeed = 1e9;          // flop/s
constexpr double kBytes = 1e6;          // the transfer
constexpr double kFlops = 5e8;          // the computation
constexpr double kTransfer_s = 13.01 * kLatency + kBytes / (0.97 * kBandwidth);
constexpr double kBusyLink_s = kBytes / (0.97 * kBandwidth);  // the latency part carries no flow
constexpr double kCompute_s = kFlops / kSpeed;
constexpr double kCrosstraffic = 0.05;  // LV08: the reverse direction carries 5% of a flow

// Host a: idle 100 W, epsilon 120 W, all cores 200 W; host b: idle 50 W, all cores 150 W, off 5 W.
// The link's 10:30 W sits on the split-duplex link: each direction must inherit it.
fs::path write_platform(const std::string& name, const std::string& link_power_prop) {
  const fs::path file = fs::temp_directory_path() / (name + "-" + std::to_string(::getpid()) + ".xml");
  std::ofstream out(file);
  out << R"(<?xml version='1.0'?>
<!DOCTYPE platform SYSTEM "https://simgrid.org/simgrid.dtd">
<platform version="4.1">
  <zone id="one-link" routing="Full">
    <host id="a" speed="1Gf"><prop id="wattage_per_state" value="100:120:200"/><prop id="wattage_off" value="10"/></host>
    <host id="b" speed="1Gf"><prop id="wattage_per_state" value="50:150"/><prop id="wattage_off" value="5"/></host>
    <link id="wire" bandwidth="1Gbps" latency="10us" sharing_policy="SPLITDUPLEX">)"
      << link_power_prop << R"(</link>
    <route src="a" dst="b"><link_ctn id="wire" direction="UP"/></route>
  </zone>
</platform>
)";
  return file;
}

// "" when |got - want| <= 1e-9 * |want|, else a line saying which quantity is off.
std::string check(const std::string& what, double got, double want) {
  if (std::abs(got - want) <= 1e-9 * std::abs(want)) return "";
  std::ostringstream s;
  s.precision(17);
  s << what << ": got " << got << " J, by hand " << want << " J\n";
  return s.str();
}

struct Loaded {
  std::unique_ptr<sg4::Engine> engine;
  std::unique_ptr<EnergyMeter> meter;
};

// The engine and a meter of hosts a and b and the route between them, whose transfers are
// posted on mailbox "m", as load_platform and run_simulation set them up for run.energy; the
// links metered from the traffic or sampled.
Loaded load(const fs::path& platform, bool from_traffic = false) {
  int argc = 2;
  std::string name = "marina-test", quiet = "--log=root.thres:warning";
  char* argv[] = {name.data(), quiet.data(), nullptr};
  Loaded l;
  l.engine = std::make_unique<sg4::Engine>(&argc, argv);
  l.engine->load_platform(platform.string());
  l.engine->seal_platform();
  sg4::Host* a = l.engine->host_by_name("a");
  sg4::Host* b = l.engine->host_by_name("b");
  std::vector<sg4::Link*> links, back;
  double latency = 0;
  a->route_to(b, links, &latency);
  b->route_to(a, back, &latency);
  l.meter = std::make_unique<EnergyMeter>(*l.engine, std::vector<sg4::Host*>{a, b},
                                          std::vector<MeteredRoute>{{links, back}}, from_traffic);
  l.meter->watch_mailbox(sg4::Mailbox::by_name("m"), 0, true);
  return l;
}

class EnergyByHand : public ::testing::TestWithParam<bool> {};

// Both ways of metering links (from the traffic, sampled) give the formula's joules.
TEST_P(EnergyByHand, OneTransferAndOneComputationMatchThePowerModel) {
  const fs::path platform = write_platform("energy-one-link", R"(<prop id="wattage_range" value="10:30"/>)");
  const std::string failure = in_child([&] {
    Loaded l = load(platform, GetParam());
    if (l.meter->links_from_traffic() != GetParam()) return std::string("links metered the other way\n");
    double total_inside = -1;
    sg4::Actor::create("sender", l.engine->host_by_name("a"), [&] {
      sg4::Mailbox::by_name("m")->put(new int(1), static_cast<std::uint64_t>(kBytes));
      sg4::this_actor::execute(kFlops);
      total_inside = l.meter->total_j();  // read from an actor, as the recorder does
    });
    sg4::Actor::create("receiver", l.engine->host_by_name("b"),
                       [] { delete sg4::Mailbox::by_name("m")->get<int>(); });
    l.engine->run();
    const nlohmann::json j = l.meter->to_json();
    const double T = kTransfer_s + kCompute_s;
    std::string f = check("the clock", j["until_s"].get<double>(), T);
    // a: idle while it sends, all cores (one core, load 1: epsilon + 1 * (200 - 120)) while it computes.
    f += check("host a", j["hosts"]["a"].get<double>(), 100 * kTransfer_s + 200 * kCompute_s);
    // b: idle throughout; receiving does not load its CPU.
    f += check("host b", j["hosts"]["b"].get<double>(), 50 * T);
    // idle + (busy - idle) * usage / bandwidth: usage = B on the direction that carried the bytes
    // while the flow runs, 0.05 B on the other.
    f += check("wire_UP", j["links"]["wire_UP"].get<double>(), 10 * T + (30 - 10) * kBusyLink_s);
    f += check("wire_DOWN", j["links"]["wire_DOWN"].get<double>(), 10 * T + (30 - 10) * kCrosstraffic * kBusyLink_s);
    const double total =
        100 * kTransfer_s + 200 * kCompute_s + 50 * T + 20 * T + 20 * (1 + kCrosstraffic) * kBusyLink_s;
    f += check("total_j", j["total_j"].get<double>(), total);
    f += check("hosts + links", j["hosts_total_j"].get<double>() + j["links_total_j"].get<double>(), total);
    f += check("total_j read inside the run", total_inside, total);
    if (!j["unpowered"].empty()) f += "unexpected unpowered: " + j["unpowered"].dump() + "\n";
    return f;
  });
  fs::remove(platform);
  EXPECT_EQ(failure, "");
}

INSTANTIATE_TEST_SUITE_P(Links, EnergyByHand, ::testing::Values(false, true),
                         [](const ::testing::TestParamInfo<bool>& p) { return p.param ? "FromTraffic" : "Sampled"; });

TEST(Energy, AHostThatIsOffDrawsItsOffPower) {
  const fs::path platform = write_platform("energy-off", "");
  const std::string failure = in_child([&] {
    Loaded l = load(platform);
    sg4::Actor::create("switcher", l.engine->host_by_name("a"), [] {
      sg4::this_actor::sleep_for(1.0);
      sg4::Host::by_name("b")->turn_off();
      sg4::this_actor::sleep_for(2.0);
    });
    l.engine->run();
    const nlohmann::json j = l.meter->to_json();
    std::string f = check("host b", j["hosts"]["b"].get<double>(), 50 * 1.0 + 5 * 2.0);
    f += check("host a", j["hosts"]["a"].get<double>(), 100 * 3.0);
    // Without wattage_range anywhere, the links draw nothing and are named as unpowered.
    f += check("links_total_j + 1", j["links_total_j"].get<double>() + 1, 1);
    if (j["unpowered"] != nlohmann::json{"wire_DOWN", "wire_UP"}) f += "unpowered: " + j["unpowered"].dump() + "\n";
    return f;
  });
  fs::remove(platform);
  EXPECT_EQ(failure, "");
}

TEST(Energy, AMalformedLinkPowerIsAnInputErrorNotACrash) {
  const fs::path platform = write_platform("energy-bad", R"(<prop id="wattage_range" value="10:lots"/>)");
  const std::string failure = in_child([&]() -> std::string {
    try {
      Loaded l = load(platform);
    } catch (const std::invalid_argument& e) {
      const std::string what = e.what();
      return what.find("\"10:lots\"") != std::string::npos ? "" : "unclear message: " + what;
    }
    return "no error for wattage_range = \"10:lots\"";
  });
  fs::remove(platform);
  EXPECT_EQ(failure, "");
}

// Where a link's power comes from (docs/energy.md): its own wattage_range, its split-duplex
// parent's, else that of the innermost <zone> or <cluster> declaring it that has one (SimGrid
// 3.32 keeps a TORUS cluster's properties on its hosts only), else the root zone's for a link no
// zone declares (__loopback__). Each source has its own idle power, and no link carries a
// flow for the one second simulated, so each link's joules are its idle watts.
TEST(Energy, ALinkTakesItsOwnPowerElseItsParentsElseItsInnermostZones) {
  const fs::path platform = fs::temp_directory_path() / ("energy-zones-" + std::to_string(::getpid()) + ".xml");
  std::ofstream(platform) << R"(<?xml version='1.0'?>
<!DOCTYPE platform SYSTEM "https://simgrid.org/simgrid.dtd">
<platform version="4.1">
  <zone id="root" routing="Full">
    <prop id="wattage_range" value="1:2"/>
    <zone id="inner" routing="Full">
      <prop id="wattage_range" value="3:4"/>
      <host id="a" speed="1Gf"/>
      <link id="own" bandwidth="1Gbps" latency="0"><prop id="wattage_range" value="5:6"/></link>
      <link id="duplex" bandwidth="1Gbps" latency="0" sharing_policy="SPLITDUPLEX"><prop id="wattage_range" value="11:12"/></link>
      <link id="zoned" bandwidth="1Gbps" latency="0"/>
    </zone>
    <cluster id="flat" prefix="f-" radical="0-1" suffix="" speed="1Gf" bw="1Gbps" lat="0">
      <prop id="wattage_range" value="7:8"/>
    </cluster>
    <cluster id="torus" prefix="t-" radical="0-1" suffix="" speed="1Gf" bw="1Gbps" lat="0" topology="TORUS" topo_parameters="2">
      <prop id="wattage_range" value="9:10"/>
    </cluster>
    <link id="top" bandwidth="1Gbps" latency="0"/>
  </zone>
</platform>
)";
  const std::string failure = in_child([&] {
    int argc = 2;
    std::string name = "marina-test", quiet = "--log=root.thres:warning";
    char* argv[] = {name.data(), quiet.data(), nullptr};
    sg4::Engine engine(&argc, argv);
    engine.load_platform(platform.string());
    engine.seal_platform();
    const EnergyMeter meter(engine, {}, {MeteredRoute{engine.get_all_links(), {}}}, false);
    sg4::Actor::create("clock", engine.host_by_name("a"), [] { sg4::this_actor::sleep_for(1.0); });
    engine.run();
    const nlohmann::json links = meter.to_json()["links"];
    std::string f;
    const auto expect = [&](const std::string& link, double idle_w) {
      if (!links.contains(link))
        f += "no link " + link + "\n";
      else
        f += check(link, links[link].get<double>(), idle_w);
    };
    expect("own", 5);
    expect("duplex_UP", 11);
    expect("duplex_DOWN", 11);
    expect("zoned", 3);
    expect("flat_link_0_UP", 7);
    expect("flat_link_1_DOWN", 7);
    expect("torus_link_from_0_to_1_UP", 9);
    expect("top", 1);
    expect("__loopback__", 1);
    if (links.size() != 14u) f += "links: " + links.dump() + "\n";
    return f;
  });
  fs::remove(platform);
  EXPECT_EQ(failure, "");
}

TEST(Energy, AutoMetersPlatformsThatMentionPowerAtAnySize) {
  const fs::path powered = write_platform("energy-auto-on", "");
  const fs::path bare = fs::temp_directory_path() / ("energy-auto-off-" + std::to_string(::getpid()) + ".xml");
  std::ofstream(bare) << "<platform version=\"4.1\"><zone id=\"z\" routing=\"Full\"><host id=\"a\" speed=\"1f\"/></zone></platform>\n";
  EXPECT_TRUE(energy_wanted(EnergyMode::automatic, powered.string()));
  EXPECT_FALSE(energy_wanted(EnergyMode::automatic, bare.string()));
  EXPECT_TRUE(energy_wanted(EnergyMode::on, bare.string()));
  EXPECT_FALSE(energy_wanted(EnergyMode::off, powered.string()));
  EXPECT_TRUE(energy_wanted(EnergyMode::automatic, "platform.so"));  // cannot be read ahead
  fs::remove(powered);
  fs::remove(bare);
}

}  // namespace
}  // namespace marina

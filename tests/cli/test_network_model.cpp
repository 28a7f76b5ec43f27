// The network side of a run against SimGrid's LV08 formulas (simgrid-3.32-notes §4.2):
// max-min sharing of a bottleneck server link, the slowest WAN client setting a
// synchronous round, communication time scaling with bandwidth, and the bytes per link
// adding up to the bytes sent times the hops each crossed.
#include <gtest/gtest.h>

#include <cmath>

#include "cli_harness.hpp"

namespace marina::testing {
namespace {

constexpr double kLatencyFactor = 13.01, kBandwidthFactor = 0.97;

// A star whose server link (bandwidth server_bw) is shared by every worker's flow; worker
// links are `worker_bw`; all links split-duplex with `latency`; hosts compute ~instantly.
void write_star(const fs::path& file, int n, const std::string& server_bw, const std::string& worker_bw,
                const std::string& latency) {
  std::ofstream out(file);
  // DTD 4.1 wants hosts, then routers and links, then routes.
  out << "<?xml version='1.0'?>\n<!DOCTYPE platform SYSTEM \"https://simgrid.org/simgrid.dtd\">\n"
      << "<platform version=\"4.1\">\n<zone id=\"star\" routing=\"Floyd\">\n<host id=\"server\" speed=\"1e20f\"/>\n";
  for (int i = 0; i < n; ++i) out << "<host id=\"worker-" << i << "\" speed=\"1e20f\"/>\n";
  out << "<router id=\"switch\"/>\n<link id=\"link-server\" bandwidth=\"" << server_bw << "\" latency=\"" << latency
      << "\" sharing_policy=\"SPLITDUPLEX\"/>\n";
  for (int i = 0; i < n; ++i)
    out << "<link id=\"link-" << i << "\" bandwidth=\"" << worker_bw << "\" latency=\"" << latency
        << "\" sharing_policy=\"SPLITDUPLEX\"/>\n";
  out << "<route src=\"server\" dst=\"switch\"><link_ctn id=\"link-server\" direction=\"UP\"/></route>\n";
  for (int i = 0; i < n; ++i)
    out << "<route src=\"worker-" << i << "\" dst=\"switch\"><link_ctn id=\"link-" << i
        << "\" direction=\"UP\"/></route>\n";
  out << "</zone>\n</platform>\n";
}

CliResult run_on(const TempDir& tmp, const fs::path& platform, const std::string& name,
                 std::vector<std::string> sets) {
  std::vector<std::string> args{"run", source_path("scenarios/quickstart.toml"), "--platform", platform.string(),
                                "--out", (tmp / name).string(), "--quiet"};
  for (auto& s : sets) {
    args.push_back("--set");
    args.push_back(s);
  }
  return run_cli(args, tmp.path());
}

// n uplinks through one server link of bandwidth B each get B/n (max-min fairness), so a
// round costs 2 x 13.01 L + n S_down / (0.97 B) + n S_up / (0.97 B).
TEST(NetworkModel, BottleneckServerLinkIsSharedMaxMin) {
  TempDir tmp;
  const int n = 5;
  const double B = 1.25e7, L = 2 * 10e-6;  // 100 Mbps server link; worker links 10 Gbps; two hops
  write_star(tmp / "star.xml", n, "100Mbps", "10Gbps", "10us");
  const CliResult r = run_on(tmp, tmp / "star.xml", "run",
                             {"run.rounds=40", "run.eval_every=1", "compressor.k=4", "method.p=0.3"});
  ASSERT_EQ(r.status, 0) << r.err;
  const CsvTable t = read_csv(tmp / "run" / "trace.csv");
  const double d = 41, down_bytes = std::ceil((32 * d + 1) / 8);  // g^{k-1} and the coin
  int compressed = 0;
  for (std::size_t k = 1; k < t.rows.size(); ++k) {
    const bool dense = t.rows[k][t.column("dense")] == "1";
    const double up_bytes = dense ? 4 * d : std::ceil(4 * (32 + 6) / 8.0);  // RandK: 4 values, 6-bit indices
    const double expected = 2 * kLatencyFactor * L + n * (down_bytes + up_bytes) / (kBandwidthFactor * B);
    EXPECT_NEAR(t.number(k, "sim_time_s") - t.number(k - 1, "sim_time_s"), expected, 1e-9) << "round " << k;
    compressed += dense ? 0 : 1;
  }
  EXPECT_GT(compressed, 10);
}

TEST(NetworkModel, SlowestWanClientSetsTheGdRound) {
  TempDir tmp;
  const CliResult r = run_on(tmp, source_path("platforms/wan5.xml"), "run",
                             {"method.name=gd", "compressor.name=identity", "run.rounds=5", "run.eval_every=1"});
  ASSERT_EQ(r.status, 0) << r.err;
  const CsvTable t = read_csv(tmp / "run" / "trace.csv");
  // worker-0: 10 Mbps, route latency 50 us + 2 ms + 100 ms; a 164-byte gradient is
  // latency-bound, so one transfer takes 13.01 x 0.10205 s plus a few bytes' worth.
  const double route_latency = 50e-6 + 2e-3 + 100e-3;
  const double bytes = 41 * 4.0 + 1;  // gradient, or the direction and nothing else
  const double slowest = kLatencyFactor * route_latency + bytes / (kBandwidthFactor * 1.25e6);
  const double second = kLatencyFactor * (50e-6 + 2e-3 + 60e-3) + bytes / (kBandwidthFactor * 6.25e6);
  for (std::size_t k = 1; k < t.rows.size(); ++k) {
    const double round = t.number(k, "sim_time_s") - t.number(k - 1, "sim_time_s");
    // Two transfers of the slowest client, plus at most a millisecond of computation.
    EXPECT_GE(round, 2 * slowest - 1e-6) << "round " << k;
    EXPECT_LE(round, 2 * slowest + 1e-3) << "round " << k;
    EXPECT_GT(round, 2 * second + 0.5);  // far from what the next client would cost
  }
}

TEST(NetworkModel, DoublingBandwidthHalvesCommunicationTime) {
  TempDir tmp;
  write_star(tmp / "slow.xml", 5, "10Mbps", "10Mbps", "10us");
  write_star(tmp / "fast.xml", 5, "20Mbps", "20Mbps", "10us");
  // GD on 20,000 features: 80 kB messages, so bandwidth, not latency, sets the time.
  const std::vector<std::string> sets{"method.name=gd", "compressor.name=identity", "data.features=20000",
                                      "data.samples=200", "run.rounds=5"};
  ASSERT_EQ(run_on(tmp, tmp / "slow.xml", "slow", sets).status, 0);
  ASSERT_EQ(run_on(tmp, tmp / "fast.xml", "fast", sets).status, 0);
  const auto slow = read_json(tmp / "slow" / "summary.json");
  const auto fast = read_json(tmp / "fast" / "summary.json");
  const double slow_comm = slow["network"]["server"]["comm_s"], fast_comm = fast["network"]["server"]["comm_s"];
  EXPECT_NEAR(fast_comm / slow_comm, 0.5, 0.005) << slow_comm << " vs " << fast_comm;
  const CsvTable t = read_csv(tmp / "slow" / "trace.csv");
  EXPECT_NEAR(t.number(t.rows.size() - 1, "comm_time_s"), slow_comm, 1e-12);
}

TEST(NetworkModel, LinkBytesAreBytesSentTimesHops) {
  TempDir tmp;
  for (const auto& [platform, hops] : {std::pair{"platforms/star5.xml", 2}, std::pair{"platforms/wan5.xml", 3}}) {
    const std::string name = fs::path(platform).stem().string();
    const CliResult r = run_on(tmp, source_path(platform), name, {"run.rounds=30"});
    ASSERT_EQ(r.status, 0) << r.err;
    const auto s = read_json(tmp / name / "summary.json");
    const auto& net = s["network"];
    std::uint64_t links = 0;
    for (const auto& l : net["links"]) links += l["bytes"].get<std::uint64_t>();
    EXPECT_EQ(links, net["link_bytes_total"].get<std::uint64_t>());
    EXPECT_EQ(links, hops * net["payload_bytes"].get<std::uint64_t>()) << platform;
    // The payload is the run's messages: uplink and downlink bits, rounded up to bytes each.
    const double bits = s["final"]["uplink_bits_total"].get<double>() + s["final"]["downlink_bits_total"].get<double>();
    EXPECT_GE(net["payload_bytes"].get<double>(), bits / 8);
    EXPECT_LE(net["payload_bytes"].get<double>(), bits / 8 + net["transfers"].get<double>());
    EXPECT_FALSE(net["busiest_link"].is_null());
  }
}

}  // namespace
}  // namespace marina::testing

// The simulator charges what the message says: on a platform of one split-duplex link, a
// GD round takes exactly two LV08 transfers of the encoded gradient size
// (simgrid-3.32-notes §4.2): T = 13.01 L + S / (0.97 B) per transfer, with the TCP-window
// bound gamma / (2L) far above B so that it does not bind.
#include <gtest/gtest.h>

#include "cli_harness.hpp"

namespace marina::testing {
namespace {

constexpr double kLatency = 10e-6;        // s
constexpr double kBandwidth = 1.25e8;     // B/s (1 Gbps)
constexpr double kLatencyFactor = 13.01;  // LV08
constexpr double kBandwidthFactor = 0.97;  // LV08

double lv08(double bytes) { return kLatencyFactor * kLatency + bytes / (kBandwidthFactor * kBandwidth); }

void write_one_link_platform(const fs::path& file) {
  std::ofstream out(file);
  // Hosts are so fast (1e20 flop/s) that computation adds under 1e-12 s per round.
  out << R"(<?xml version='1.0'?>
<!DOCTYPE platform SYSTEM "https://simgrid.org/simgrid.dtd">
<platform version="4.1">
  <zone id="one-link" routing="Full">
    <host id="server" speed="1e20f"/>
    <host id="worker-0" speed="1e20f"/>
    <link id="wire" bandwidth="1Gbps" latency="10us" sharing_policy="SPLITDUPLEX"/>
    <route src="server" dst="worker-0"><link_ctn id="wire" direction="UP"/></route>
  </zone>
</platform>
)";
}

void write_scenario(const fs::path& file, const fs::path& platform, int features, const std::string& precision) {
  std::ofstream out(file);
  out << "[data]\nsamples = 40\nfeatures = " << features << "\ngroups = 1\n"
      << "[split]\nworkers = 1\n[method]\nname = \"gd\"\n"
      << "[wire]\nprecision = \"" << precision << "\"\n"
      << "[run]\nrounds = 5\neval_every = 1\n"
      << "[platform]\nfile = \"" << platform.string() << "\"\n";
}

class Lv08Timing : public ::testing::TestWithParam<std::tuple<int, std::string>> {};

TEST_P(Lv08Timing, EachRoundIsTwoTransfersOfTheEncodedSize) {
  const auto [features, precision] = GetParam();
  TempDir tmp;
  write_one_link_platform(tmp / "one_link.xml");
  write_scenario(tmp / "gd.toml", tmp / "one_link.xml", features, precision);
  const CliResult r = run_cli({"run", (tmp / "gd.toml").string(), "--out", (tmp / "run").string()}, tmp.path());
  ASSERT_EQ(r.status, 0) << r.err;
  const CsvTable t = read_csv(tmp / "run" / "trace.csv");
  ASSERT_EQ(t.rows.size(), 6u);

  const int d = features + 1;  // bias column
  const double value_bytes = precision == "f64" ? 8 : precision == "f16" ? 2 : 4;
  const double gradient_bytes = d * value_bytes;
  // Round 0: an empty downlink (latency only), then the gradient goes up.
  EXPECT_NEAR(t.number(0, "sim_time_s"), lv08(0) + lv08(gradient_bytes), 1e-9);
  for (std::size_t k = 1; k < t.rows.size(); ++k) {
    const double round_time = t.number(k, "sim_time_s") - t.number(k - 1, "sim_time_s");
    EXPECT_NEAR(round_time, 2 * lv08(gradient_bytes), 1e-9) << "round " << k;
    // The bits behind it are what the trace reports.
    EXPECT_EQ(t.number(k, "uplink_bits_total") - t.number(k - 1, "uplink_bits_total"), gradient_bytes * 8);
  }
}

INSTANTIATE_TEST_SUITE_P(Sizes, Lv08Timing,
                         ::testing::Values(std::make_tuple(10, std::string("f32")),
                                           std::make_tuple(2000, std::string("f32")),
                                           std::make_tuple(2000, std::string("f64")),
                                           std::make_tuple(500, std::string("f16"))));

}  // namespace
}  // namespace marina::testing

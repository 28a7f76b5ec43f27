// `marina-sim platform KIND`: writes SimGrid 3.32 platform XML for any number of workers, so
// that scenarios can scale n without hand-written files. Pure text generation: no SimGrid here,
// the tests load what comes out (tests/sim/test_platforms.cpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace marina {

struct PlatformRequest {
  std::string kind;
  int workers = 5;
  std::string bandwidth = "1Gbps";
  std::string latency = "10us";
  std::string server_bandwidth;  // empty: the kind's default (platform_kind_help())
  std::string worker_speed = "1Gf";
  std::string server_speed = "10Gf";
  int racks = 0;           // datacenter only: 0 = ceil(workers / 16)
  std::uint64_t seed = 1;  // wan kinds: the heterogeneity draw
  std::string out;         // output XML path; required by wan-varying, whose profiles go beside it
  // Power in SimGrid's own properties (platforms/README.md "Energy"); "none" leaves it out.
  std::string host_watts = "100:200";  // wattage_per_state of every host: "idle:all_cores" or "idle:epsilon:all_cores"
  std::string host_off_watts = "5";    // wattage_off of every host
  std::string link_watts = "1:1.5";    // wattage_range of every link and cluster, per direction, "idle:busy"
};

// The host names a scenario's role mapping must use for a generated platform:
// platform.server = server, platform.workers = workers (a pattern with {i}).
struct PlatformRoles {
  std::string server;
  std::string workers;
  bool is_default() const { return server == "server" && workers == "worker-{i}"; }
};

// A file that goes beside the XML (bandwidth profiles); path is relative to the XML's folder,
// exactly as the XML refers to it.
struct PlatformSideFile {
  std::string path;
  std::string text;
};

struct GeneratedPlatform {
  std::string xml;
  std::vector<PlatformSideFile> side_files;
  PlatformRoles roles;
};

// Throws marina::InputError("", 0, ...) for an unknown kind or a bad value.
GeneratedPlatform generate_platform_files(const PlatformRequest& request);
std::string generate_platform(const PlatformRequest& request);  // generate_platform_files().xml
PlatformRoles platform_roles(const PlatformRequest& request);

std::vector<std::string> platform_kinds();
std::string platform_kind_help();  // one paragraph per kind, for --help

}  // namespace marina

#include "sim/cli/platform_command.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <system_error>

#include "methods/common/input_error.hpp"

namespace marina {

namespace {

namespace fs = std::filesystem;

// Which options each kind reads; giving another is a mistake worth reporting, because the
// generated file would silently not be what the user asked for.
bool kind_uses(const std::string& kind, const std::string& option) {
  const bool cluster = kind == "fat-tree" || kind == "torus" || kind == "dragonfly";
  const bool wan = kind == "wan" || kind == "wan-varying";
  if (option == "--racks") return kind == "datacenter";
  if (option == "--seed") return wan;
  if (option == "--latency") return !wan;
  if (option == "--server-bandwidth" || option == "--server-speed") return !cluster;
  return true;
}

void write_file(const fs::path& path, const std::string& text) {
  std::error_code ec;
  if (path.has_parent_path()) fs::create_directories(path.parent_path(), ec);
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f.write(text.data(), static_cast<std::streamsize>(text.size()));
  f.close();
  if (!f) throw InputError(path.string(), 0, "cannot write the file");
}

}  // namespace

CLI::App* add_platform_command(CLI::App& app, PlatformRequest& request) {
  auto* cmd = app.add_subcommand("platform", "write a SimGrid platform XML of a given topology for n workers");
  cmd->add_option("kind", request.kind, "the topology (Kinds below)")
      ->required()
      ->check(CLI::IsMember(platform_kinds()));
  cmd->add_option("-n,--workers", request.workers, "number of workers (default 5)");
  cmd->add_option("-b,--bandwidth", request.bandwidth,
                  "host link bandwidth (default 1Gbps); wan kinds: the fastest client's access link");
  cmd->add_option("-l,--latency", request.latency, "link latency (default 10us); not used by the wan kinds");
  cmd->add_option("-B,--server-bandwidth", request.server_bandwidth,
                  "server link bandwidth (default: --bandwidth; star-bottleneck: --bandwidth/4; wan: 10 x "
                  "--bandwidth)");
  cmd->add_option("-w,--worker-speed", request.worker_speed,
                  "worker speed (default 1Gf); wan kinds: the slowest client, the fastest is 10x");
  cmd->add_option("-W,--server-speed", request.server_speed, "server speed (default 10Gf)");
  cmd->add_option("-r,--racks", request.racks, "datacenter: number of worker racks (default ceil(n/16))");
  cmd->add_option("-s,--seed", request.seed, "wan kinds: seed of the heterogeneity draw (default 1)");
  cmd->add_option("-P,--host-watts", request.host_watts,
                  "power of every host (SimGrid's wattage_per_state): idle:all_cores or idle:epsilon:all_cores watts, "
                  "or none (default 100:200)");
  cmd->add_option("-O,--host-off-watts", request.host_off_watts, "power of a host that is off (default 5), or none");
  cmd->add_option("-L,--link-watts", request.link_watts,
                  "power of every link, per direction: idle:busy watts, or none (default 1:1.5)");
  cmd->add_option("-o,--out", request.out,
                  "write the XML to FILE instead of stdout (required by wan-varying, whose profiles go to "
                  "FILE's stem + .profiles/)");
  cmd->footer(platform_kind_help() +
              "An option the kind does not use is an error. Units: bandwidth bps kbps Mbps Gbps (bits) or\n"
              "Bps kBps MBps GBps (bytes), latency s ms us ns, speed f kf Mf Gf Tf.\n"
              "Power (platforms/README.md, Energy): the defaults are assumptions, not measurements.\n"
              "Example: marina-sim platform datacenter --workers 64 > platforms/dc64.xml");
  cmd->callback([cmd, &request] {
    for (const char* name : {"--latency", "--server-bandwidth", "--server-speed", "--racks", "--seed"})
      if (cmd->get_option(name)->count() > 0 && !kind_uses(request.kind, name))
        throw CLI::ValidationError(
            name, "does not apply to platform kind " + request.kind + " (see marina-sim platform --help)");
  });
  return cmd;
}

int run_platform_command(const PlatformRequest& request) {
  const GeneratedPlatform g = generate_platform_files(request);
  if (!g.roles.is_default())
    std::fprintf(stderr,
                 "marina-sim platform: %s names its hosts node-K; use platform.server = \"%s\" and "
                 "platform.workers = \"%s\"\n",
                 request.kind.c_str(), g.roles.server.c_str(), g.roles.workers.c_str());
  if (request.out.empty()) {
    std::fwrite(g.xml.data(), 1, g.xml.size(), stdout);
    return std::fflush(stdout) == 0 ? 0 : 1;
  }
  const fs::path xml_path(request.out);
  const fs::path folder = xml_path.parent_path();
  for (const PlatformSideFile& f : g.side_files) write_file(folder / f.path, f.text);
  // The XML last, through a rename, so a platform file never refers to missing profiles.
  fs::path tmp = xml_path;
  tmp += ".tmp";
  write_file(tmp, g.xml);
  std::error_code ec;
  fs::rename(tmp, xml_path, ec);
  if (ec) throw InputError(request.out, 0, "cannot write the file: " + ec.message());
  if (!g.side_files.empty())
    std::fprintf(stderr, "marina-sim platform: wrote %s and %zu profile files beside it\n", request.out.c_str(),
                 g.side_files.size());
  return 0;
}

}  // namespace marina

#include "sim/platform/platform_generator.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>

#include "methods/common/input_error.hpp"

// Why the XML looks the way it does (all checked against SimGrid 3.32, see tests/sim):
// - Floyd over one flat zone costs O(V^3) at seal (1.3 s at 1024 hosts) and Dijkstra a
//   shortest-path search per message (0.4 ms at 1024 hosts), so no large flat routed zones.
//   Host links live in cluster zones instead (O(1) routing): a <cluster> when they are all
//   alike, a routing="Cluster" zone with <host_link> when each host has its own.
// - 3.32 checks every new host and link name against every zone, so loading costs
//   O((hosts + links) x zones): few zones, whatever n is (the datacenter's racks are the exception).
// - <trace_connect> is applied after the links are sealed in 3.32 ("Cannot set a bandwidth
//   profile once the Link is sealed"), and <peer> links take no profile: varying bandwidth
//   needs bandwidth_file, one file per link, and network/weight-S = 0 (see write_wan).
// - XML comments may not contain "--": the header shows the generating command with short options.

namespace marina {

namespace {

[[noreturn]] void bad(const std::string& message) { throw InputError("", 0, message); }

// ---- units ---------------------------------------------------------------------------------
// The suffixes SimGrid 3.32 accepts (checked by loading each one); "K" is accepted here as an
// alias of SimGrid's "k" because we write normalised values anyway.

struct Unit {
  const char* suffix;
  double scale;
};

// clang-format off
const std::vector<Unit> kBandwidthUnits = {  // to bit/s
    {"bps", 1},        {"kbps", 1e3},     {"Kbps", 1e3},     {"Mbps", 1e6},     {"Gbps", 1e9}, {"Tbps", 1e12},
    {"Pbps", 1e15},    {"Bps", 8},        {"kBps", 8e3},     {"KBps", 8e3},     {"MBps", 8e6}, {"GBps", 8e9},
    {"TBps", 8e12},    {"Kibps", 0x1p10}, {"Mibps", 0x1p20}, {"Gibps", 0x1p30}, {"Tibps", 0x1p40},
    {"KiBps", 0x1p13}, {"MiBps", 0x1p23}, {"GiBps", 0x1p33}, {"TiBps", 0x1p43}};
const std::vector<Unit> kLatencyUnits = {  // to seconds (SimGrid 3.32 rejects "ps")
    {"s", 1}, {"ms", 1e-3}, {"us", 1e-6}, {"ns", 1e-9}, {"m", 60}, {"h", 3600}, {"d", 86400}, {"w", 604800}};
const std::vector<Unit> kSpeedUnits = {  // to flop/s
    {"f", 1},     {"kf", 1e3},   {"Kf", 1e3},   {"Mf", 1e6},   {"Gf", 1e9},
    {"Tf", 1e12}, {"Pf", 1e15},  {"Ef", 1e18},  {"Zf", 1e21},  {"flops", 1}};
// clang-format on

double parse_quantity(const std::string& text, const std::vector<Unit>& units, const std::string& option,
                      const char* example) {
  double value = 0;
  const char* begin = text.data();
  const char* end = begin + text.size();
  const auto [ptr, ec] = std::from_chars(begin, end, value);
  if (ec == std::errc() && std::isfinite(value)) {
    const std::string suffix(ptr, end);
    for (const Unit& u : units)
      if (suffix == u.suffix) return value * u.scale;
  }
  std::string list;
  for (const Unit& u : units) list += std::string(list.empty() ? "" : ", ") + u.suffix;
  bad("bad value '" + text + "' for " + option + ": expected a number and a unit such as " + example +
      " (units: " + list + ")");
}

double parse_bandwidth(const std::string& text, const std::string& option) {
  const double v = parse_quantity(text, kBandwidthUnits, option, "1Gbps");
  if (!(v > 0)) bad(option + " must be positive, got '" + text + "'");
  return v;
}

double parse_latency(const std::string& text, const std::string& option) {
  const double v = parse_quantity(text, kLatencyUnits, option, "10us");
  if (v < 0) bad(option + " must not be negative, got '" + text + "'");
  return v;
}

double parse_speed(const std::string& text, const std::string& option) {
  const double v = parse_quantity(text, kSpeedUnits, option, "1Gf");
  if (!(v > 0)) bad(option + " must be positive, got '" + text + "'");
  return v;
}

// Like printf's %.<digits>g, but several times faster: n = 100 000 WAN clients print 400 000 values.
std::string number(double v, int digits) {
  char buf[40];
  const auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, digits);
  return std::string(buf, res.ptr);
}

// Largest prefix that keeps the mantissa >= 1; 10 digits keep derived values (4 x 1.5Gbps) exact.
std::string with_prefix(double v, const std::vector<Unit>& prefixes, const char* fallback) {
  for (const Unit& p : prefixes)
    if (v >= p.scale) return number(v / p.scale, 10) + p.suffix;
  return number(v, 10) + fallback;
}

std::string bw_text(double bps) {
  return with_prefix(bps, {{"Tbps", 1e12}, {"Gbps", 1e9}, {"Mbps", 1e6}, {"kbps", 1e3}, {"bps", 1}}, "bps");
}
std::string lat_text(double s) {
  if (s == 0) return "0s";
  return with_prefix(s, {{"s", 1}, {"ms", 1e-3}, {"us", 1e-6}}, "ns");
}
std::string speed_text(double f) {
  return with_prefix(f, {{"Pf", 1e15}, {"Tf", 1e12}, {"Gf", 1e9}, {"Mf", 1e6}, {"kf", 1e3}, {"f", 1}}, "f");
}

// Three significant digits: the drawn WAN values are meant to be read by people.
double round3(double v) {
  const std::string text = number(v, 3);
  double out = 0;
  std::from_chars(text.data(), text.data() + text.size(), out);
  return out;
}

// ---- deterministic draws (DESIGN.md: no std:: distributions) --------------------------------

std::uint64_t splitmix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// Uniform in [0, 1), a pure function of (seed, client, stream).
double draw(std::uint64_t seed, std::uint64_t client, std::uint64_t stream) {
  const std::uint64_t h = splitmix(splitmix(splitmix(seed) ^ client) ^ (stream * 0x2545f4914f6cdd1dULL));
  return static_cast<double>(h >> 11) * 0x1.0p-53;
}

double log_uniform(double lo, double hi, double u) { return lo * std::pow(hi / lo, u); }

// ---- XML text --------------------------------------------------------------------------------

class Xml {
 public:
  std::string text;

  void line(int indent, const std::string& s) {
    text.append(static_cast<std::size_t>(indent) * 2, ' ');
    text += s;
    text += '\n';
  }
  // Power properties (empty: none), SimGrid's own: wattage_per_state and wattage_off inside each
  // <host> and <cluster> (a cluster gives its properties to each of its hosts), wattage_range
  // inside each <link> and each <cluster>, whose links cannot carry properties of their own: there
  // it is a zone property, the power of every link of the cluster (docs/energy.md).
  std::string host_power, host_off_power, link_power;

  void host(int indent, const std::string& id, double speed) {
    element(indent, "<host id=\"" + id + "\" speed=\"" + speed_text(speed) + "\"", "host", host_props());
  }
  void cluster(int indent, const std::string& attributes) {
    std::vector<std::string> props = host_props();
    if (!link_power.empty()) props.push_back(prop("wattage_range", link_power));
    element(indent, "<cluster " + attributes, "cluster", props);
  }
  // policy: SPLITDUPLEX for a NIC used both ways, SHARED for one direction of an asymmetric line.
  void link(int indent, const std::string& id, double bps, double lat, const char* policy,
            const std::string& bandwidth_file = "") {
    std::string s = "<link id=\"" + id + "\" bandwidth=\"" + bw_text(bps) + "\" latency=\"" + lat_text(lat) + "\"";
    if (!bandwidth_file.empty()) s += " bandwidth_file=\"" + bandwidth_file + "\"";
    s += std::string(" sharing_policy=\"") + policy + "\"";
    // One line per link even with its power: a WAN of 100 000 clients has 125 000 of them.
    line(indent, link_power.empty() ? s + "/>" : s + ">" + prop("wattage_range", link_power) + "</link>");
  }
  void route(int indent, const std::string& src, const std::string& dst, const std::string& link, bool split) {
    line(indent, "<route src=\"" + src + "\" dst=\"" + dst + "\"><link_ctn id=\"" + link + "\"" +
                     (split ? " direction=\"UP\"" : "") + "/></route>");
  }
  void zone_route(int indent, const std::string& src, const std::string& dst, const std::string& gw_src,
                  const std::string& gw_dst, const std::string& link, bool split) {
    line(indent, "<zoneRoute src=\"" + src + "\" dst=\"" + dst + "\" gw_src=\"" + gw_src + "\" gw_dst=\"" + gw_dst +
                     "\"><link_ctn id=\"" + link + "\"" + (split ? " direction=\"UP\"" : "") + "/></zoneRoute>");
  }

 private:
  static std::string prop(const char* id, const std::string& value) {
    return std::string("<prop id=\"") + id + "\" value=\"" + value + "\"/>";
  }
  std::vector<std::string> host_props() const {
    if (host_power.empty()) return {};
    return {prop("wattage_per_state", host_power), prop("wattage_off", host_off_power)};
  }
  // A start tag without its ">": closed at once, or around its properties.
  void element(int indent, const std::string& open_tag, const char* name, const std::vector<std::string>& props) {
    if (props.empty()) {
      line(indent, open_tag + "/>");
      return;
    }
    line(indent, open_tag + ">");
    for (const std::string& p : props) line(indent + 1, p);
    line(indent, std::string("</") + name + ">");
  }
};

std::string radical(long first, long last) {
  return first == last ? std::to_string(first) : std::to_string(first) + "-" + std::to_string(last);
}

std::string xml_attribute_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '<':
        out += "&lt;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// The lines of a header comment, aligned under "<!-- ".
struct Comment {
  std::string text;
  Comment& operator<<(const std::string& line) {
    text += (text.empty() ? "" : "\n     ") + line;
    return *this;
  }
};

// ---- the request, parsed once -----------------------------------------------------------------

struct Params {
  std::string kind;
  long n = 0;
  double bw = 0, lat = 0, server_bw = 0, worker_speed = 0, server_speed = 0;
  long racks = 0;
  std::uint64_t seed = 1;
  std::string profile_dir;  // wan-varying: relative to the XML's folder
  std::string host_power, host_off_power, link_power;  // empty: none
};

constexpr long kMaxWorkers = 10'000'000;
constexpr long kRackSize = 16;      // datacenter: default hosts per rack
constexpr double kWanSpread = 100;  // wan: slowest access = fastest / 100 (1 Gbps .. 10 Mbps)
constexpr double kWanMinLatency = 10e-3, kWanMaxLatency = 100e-3;
constexpr double kProfileStep = 10;  // wan-varying: seconds per bandwidth level
constexpr int kProfileSteps = 12;    // ... so the profile repeats every 120 s
constexpr double kProfileFloor = 0.1;

bool is_cluster_kind(const std::string& k) { return k == "fat-tree" || k == "torus" || k == "dragonfly"; }
bool is_wan_kind(const std::string& k) { return k == "wan" || k == "wan-varying"; }

// "a:b" or "a:b:c" watts, each a plain non-negative number; "none" = no power property.
std::string power_values(const std::string& text, const char* option, std::size_t min_parts, std::size_t max_parts,
                         const char* expected) {
  if (text == "none") return "";
  std::vector<std::string> parts{""};
  for (char c : text) {
    if (c == ':')
      parts.emplace_back();
    else
      parts.back().push_back(c);
  }
  bool ok = parts.size() >= min_parts && parts.size() <= max_parts;
  for (const std::string& part : parts) {
    double v = -1;
    const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), v);
    ok = ok && !part.empty() && ec == std::errc() && end == part.data() + part.size() && v >= 0 && std::isfinite(v);
  }
  if (!ok) bad(std::string(option) + " must be " + expected + " in watts, or none; got '" + text + "'");
  return text;
}

void parse_power(const PlatformRequest& r, Params& p) {
  p.host_power = power_values(r.host_watts, "--host-watts", 2, 3, "idle:all_cores or idle:epsilon:all_cores");
  p.host_off_power = power_values(r.host_off_watts, "--host-off-watts", 1, 1, "one number");
  if (p.host_power.empty() != p.host_off_power.empty())
    bad("--host-watts and --host-off-watts are none together or not at all");
  p.link_power = power_values(r.link_watts, "--link-watts", 2, 2, "idle:busy");
}

Params parse_request(const PlatformRequest& r) {
  const auto kinds = platform_kinds();
  if (std::find(kinds.begin(), kinds.end(), r.kind) == kinds.end()) {
    std::string list;
    for (const auto& k : kinds) list += (list.empty() ? "" : ", ") + k;
    bad("unknown platform kind '" + r.kind + "' (kinds: " + list + ")");
  }
  Params p;
  p.kind = r.kind;
  p.n = r.workers;
  if (p.n < 1 || p.n > kMaxWorkers)
    bad("--workers must be between 1 and " + std::to_string(kMaxWorkers) + ", got " + std::to_string(r.workers));
  p.bw = parse_bandwidth(r.bandwidth, "--bandwidth");
  p.lat = parse_latency(r.latency, "--latency");
  p.worker_speed = parse_speed(r.worker_speed, "--worker-speed");
  p.server_speed = parse_speed(r.server_speed, "--server-speed");
  p.seed = r.seed;

  if (!r.server_bandwidth.empty()) {
    if (is_cluster_kind(p.kind))
      bad("--server-bandwidth does not apply to " + p.kind + ": a SimGrid cluster gives every link the same bandwidth");
    p.server_bw = parse_bandwidth(r.server_bandwidth, "--server-bandwidth");
  } else if (p.kind == "star-bottleneck") {
    p.server_bw = p.bw / 4;
  } else if (is_wan_kind(p.kind)) {
    p.server_bw = p.bw * 10;
  } else {
    p.server_bw = p.bw;
  }
  if (p.kind == "star-bottleneck" && !(p.server_bw < p.bw))
    bad("star-bottleneck needs --server-bandwidth below --bandwidth (got " + bw_text(p.server_bw) +
        " >= " + bw_text(p.bw) + "); use kind star for a server link as fast as the workers'");

  if (r.racks != 0 && p.kind != "datacenter") bad("--racks applies only to kind datacenter");
  if (r.racks < 0 || r.racks > p.n)
    bad("--racks must be between 1 and --workers (" + std::to_string(p.n) + "), or 0 for ceil(workers/16)");
  p.racks = r.racks != 0 ? r.racks : (p.n + kRackSize - 1) / kRackSize;

  parse_power(r, p);
  if (p.kind == "wan-varying") {
    if (r.out.empty()) bad("wan-varying writes one bandwidth profile file per client beside the XML: give --out FILE");
    p.profile_dir = std::filesystem::path(r.out).stem().string() + ".profiles";
  }
  return p;
}

// The exact command, with short options: XML comments may not contain "--".
std::string command_line(const PlatformRequest& r) {
  const PlatformRequest d;
  std::string c = "marina-sim platform " + r.kind + " -n " + std::to_string(r.workers);
  if (r.bandwidth != d.bandwidth) c += " -b " + r.bandwidth;
  if (r.latency != d.latency) c += " -l " + r.latency;
  if (!r.server_bandwidth.empty()) c += " -B " + r.server_bandwidth;
  if (r.worker_speed != d.worker_speed) c += " -w " + r.worker_speed;
  if (r.server_speed != d.server_speed) c += " -W " + r.server_speed;
  if (r.racks != d.racks) c += " -r " + std::to_string(r.racks);
  if (r.seed != d.seed) c += " -s " + std::to_string(r.seed);
  if (r.host_watts != d.host_watts) c += " -P " + r.host_watts;
  if (r.host_off_watts != d.host_off_watts) c += " -O " + r.host_off_watts;
  if (r.link_watts != d.link_watts) c += " -L " + r.link_watts;
  if (!r.out.empty()) c += " -o " + r.out;
  return c;
}

// A file name may bring "--" into the comment; break it up so the XML stays well-formed.
std::string comment_safe(std::string s) {
  for (auto pos = s.find("--"); pos != std::string::npos; pos = s.find("--", pos)) s.replace(pos, 2, "- -");
  return s;
}

void header(Xml& x, const Comment& description, const PlatformRoles& roles, const PlatformRequest& r) {
  x.line(0, "<?xml version='1.0'?>");
  x.line(0, "<!DOCTYPE platform SYSTEM \"https://simgrid.org/simgrid.dtd\">");
  x.line(0, "<!-- " + comment_safe(description.text));
  x.line(0, "     Roles: platform.server = \"" + roles.server + "\", platform.workers = \"" + roles.workers + "\"" +
                (roles.is_default() ? " (the defaults)." : "."));
  x.line(0, "     Generated by: " + comment_safe(command_line(r)) + " -->");
  x.line(0, "<platform version=\"4.1\">");
}

std::string worker(long i) { return "worker-" + std::to_string(i); }

// ---- star and star-bottleneck -------------------------------------------------------------------

void write_star(Xml& x, const Params& p, const PlatformRequest& r) {
  Comment d;
  d << (p.kind == "star" ? "Star" : "Star with a bottleneck server link") + std::string(": a server and ") +
           std::to_string(p.n) + " workers, each host on its own"
    << "full-duplex (SPLITDUPLEX) link to one switch: workers " + bw_text(p.bw) + " / " + lat_text(p.lat) +
           ", server " + bw_text(p.server_bw) + " / " + lat_text(p.lat) + ";"
    << "server " + speed_text(p.server_speed) + ", workers " + speed_text(p.worker_speed) + ".";
  if (p.kind == "star-bottleneck")
    d << "The server link is slower than one worker link: it limits every broadcast and gather.";
  d << "Route server <-> worker = 2 links (link-server, workers_link_I). The workers are a"
    << "crossbar <cluster> (O(1) routing at any n) whose router is the switch.";
  header(x, d, {"server", "worker-{i}"}, r);
  x.line(1, "<zone id=\"star\" routing=\"Full\">");
  x.line(2, "<zone id=\"server-side\" routing=\"Full\">");
  x.host(3, "server", p.server_speed);
  x.line(2, "</zone>");
  x.cluster(2, "id=\"workers\" prefix=\"worker-\" radical=\"" + radical(0, p.n - 1) + "\" suffix=\"\" speed=\"" +
                speed_text(p.worker_speed) + "\" bw=\"" + bw_text(p.bw) + "\" lat=\"" + lat_text(p.lat) +
                "\" sharing_policy=\"SPLITDUPLEX\" router_id=\"switch\"");
  x.link(2, "link-server", p.server_bw, p.lat, "SPLITDUPLEX");
  x.zone_route(2, "server-side", "workers", "server", "switch", "link-server", true);
  x.line(1, "</zone>");
}

// ---- datacenter ------------------------------------------------------------------------------------

void write_datacenter(Xml& x, const Params& p, const PlatformRequest& r) {
  Comment d;
  d << "Two-level data center: " + std::to_string(p.n) + " workers in " + std::to_string(p.racks) +
           (p.racks == 1 ? " rack" : " racks") + ", the server in a rack of its own."
    << "Host links " + bw_text(p.bw) + " / " + lat_text(p.lat) + " (server " + bw_text(p.server_bw) +
           ") to a top-of-rack router tor-K; each ToR reaches"
    << "the spine over an uplink of 4x its hosts' bandwidth. All links SPLITDUPLEX."
    << "Route server <-> worker = 4 links (link-server, uplink-server, uplink-K, rack-K_link_I);"
    << "workers in one rack talk over 2. Each rack is a crossbar <cluster>; the racks hang off"
    << "the spine by zone routes under a DijkstraCache root.";
  header(x, d, {"server", "worker-{i}"}, r);
  x.line(1, "<zone id=\"datacenter\" routing=\"DijkstraCache\">");
  x.line(2, "<zone id=\"core\" routing=\"Floyd\">");
  x.host(3, "server", p.server_speed);
  x.line(3, "<router id=\"tor-server\"/>");
  x.line(3, "<router id=\"spine\"/>");
  x.link(3, "link-server", p.server_bw, p.lat, "SPLITDUPLEX");
  x.link(3, "uplink-server", 4 * p.server_bw, p.lat, "SPLITDUPLEX");
  x.route(3, "server", "tor-server", "link-server", true);
  x.route(3, "tor-server", "spine", "uplink-server", true);
  x.line(2, "</zone>");
  for (long k = 0; k < p.racks; ++k) {
    // Contiguous, balanced blocks: rack sizes differ by at most one.
    const long first = k * p.n / p.racks, last = (k + 1) * p.n / p.racks - 1;
    const std::string rack = "rack-" + std::to_string(k), tor = "tor-" + std::to_string(k);
    x.cluster(2, "id=\"" + rack + "\" prefix=\"worker-\" radical=\"" + radical(first, last) +
                  "\" suffix=\"\" speed=\"" + speed_text(p.worker_speed) + "\" bw=\"" + bw_text(p.bw) + "\" lat=\"" +
                  lat_text(p.lat) + "\" sharing_policy=\"SPLITDUPLEX\" router_id=\"" + tor + "\"");
  }
  for (long k = 0; k < p.racks; ++k) x.link(2, "uplink-" + std::to_string(k), 4 * p.bw, p.lat, "SPLITDUPLEX");
  for (long k = 0; k < p.racks; ++k)
    x.zone_route(2, "rack-" + std::to_string(k), "core", "tor-" + std::to_string(k), "spine",
                 "uplink-" + std::to_string(k), true);
  x.line(1, "</zone>");
}

// ---- fat-tree, torus, dragonfly: SimGrid's own cluster topologies -------------------------------

long ceil_div(long a, long b) { return (a + b - 1) / b; }

struct Topology {
  std::string name, parameters, shape;
  long nodes = 0;
};

// Two levels: leaves of k nodes (k the power of two nearest sqrt(m)), k/2 spines and 2 cables
// from each leaf to each spine, so a leaf has as much bandwidth up as down (non-blocking).
Topology fat_tree(long m) {
  long k = 2;
  while ((2 * k) * (2 * k) <= 2 * m) k *= 2;
  const long leaves = ceil_div(m, k);
  return {"FAT_TREE", "2;" + std::to_string(k) + "," + std::to_string(leaves) + ";1," + std::to_string(k / 2) + ";1,2",
          std::to_string(leaves) + " leaf switches of " + std::to_string(k) + " nodes and " + std::to_string(k / 2) +
              " spines, 2 cables from each leaf to each spine (non-blocking)",
          k * leaves};
}

// Three dimensions as close to a cube as fits m; sizes of 1 are dropped (a ring when m is tiny).
Topology torus(long m) {
  long a = 1;
  while (a * a * a < m) ++a;
  const long rest = ceil_div(m, a);
  long b = 1;
  while (b * b < rest) ++b;
  const long c = ceil_div(m, a * b);
  std::string dims;
  long nodes = 1;
  for (long d : {a, b, c}) {
    if (d == 1) continue;
    dims += (dims.empty() ? "" : ",") + std::to_string(d);
    nodes *= d;
  }
  if (dims.empty()) dims = "1";
  return {"TORUS", dims, "torus of dimensions " + dims, nodes};
}

// 4 nodes per router; groups g <= routers per chassis r, because SimGrid 3.32's minimal routing
// leaves a group through router number <target group> of its chassis (it crashes otherwise).
// Among the shapes with g >= 2 and no side above 2 cbrt(routers) + 1, the fewest routers wins.
Topology dragonfly(long m) {
  constexpr long per_router = 4;
  const long routers = ceil_div(m, per_router);
  long s = 1;
  while (s * s * s < routers) ++s;
  const long side = 2 * s + 1;
  long bg = 0, bc = 0, br = 0;
  for (long g = 2; g <= side; ++g)
    for (long r = g; r <= side; ++r) {
      const long c = std::max(1L, ceil_div(routers, g * r));
      if (c > side) continue;
      const long total = g * c * r, best = bg * bc * br;
      const long worst = std::max({g, c, r}), best_worst = std::max({bg, bc, br});
      if (bg == 0 || total < best || (total == best && worst < best_worst)) bg = g, bc = c, br = r;
    }
  const std::string params =
      std::to_string(bg) + ",1;" + std::to_string(bc) + ",1;" + std::to_string(br) + ",1;" + std::to_string(per_router);
  return {"DRAGONFLY", params,
          std::to_string(bg) + " groups of " + std::to_string(bc) + " chassis of " + std::to_string(br) +
              " routers of " + std::to_string(per_router) + " nodes, one cable per router pair",
          bg * bc * br * per_router};
}

void write_cluster(Xml& x, const Params& p, const PlatformRequest& r, const PlatformRoles& roles) {
  const long m = p.n + 1;
  const Topology t = p.kind == "fat-tree" ? fat_tree(m) : p.kind == "torus" ? torus(m) : dragonfly(m);
  Comment d;
  d << "SimGrid " + t.name + " cluster of " + std::to_string(t.nodes) + " nodes (node-0 .. node-" +
           std::to_string(t.nodes - 1) + "):"
    << t.shape + "."
    << "Every link " + bw_text(p.bw) + " / " + lat_text(p.lat) + " SPLITDUPLEX, every node " +
           speed_text(p.worker_speed) + " (a cluster gives all its nodes one speed)."
    << "Cluster hosts cannot be named server / worker-i: node-0 .. node-" + std::to_string(p.n - 1) +
           " are the workers, node-" + std::to_string(p.n) + " the server" + (t.nodes > m ? "," : ".");
  if (t.nodes > m) d << "node-" + std::to_string(m) + " and above stay idle.";
  header(x, d, roles, r);
  x.cluster(1, "id=\"" + p.kind + "\" prefix=\"node-\" radical=\"" + radical(0, t.nodes - 1) +
                "\" suffix=\"\" speed=\"" + speed_text(p.worker_speed) + "\" bw=\"" + bw_text(p.bw) + "\" lat=\"" +
                lat_text(p.lat) + "\" sharing_policy=\"SPLITDUPLEX\" topology=\"" + t.name + "\" topo_parameters=\"" +
                t.parameters + "\"");
}

// ---- wan and wan-varying ----------------------------------------------------------------------------

struct Client {
  double down = 0, up = 0, lat = 0, speed = 0;
  bool asymmetric = false;
};

Client draw_client(const Params& p, long i) {
  Client c;
  c.down = round3(log_uniform(p.bw / kWanSpread, p.bw, draw(p.seed, i, 0)));
  c.lat = round3(log_uniform(kWanMinLatency, kWanMaxLatency, draw(p.seed, i, 1)));
  c.speed = round3(log_uniform(p.worker_speed, 10 * p.worker_speed, draw(p.seed, i, 2)));
  c.asymmetric = i % 4 == 3;  // every 4th client is ADSL-like
  c.up = c.asymmetric ? round3(c.down / 5) : c.down;
  return c;
}

// Absolute bandwidth in bytes/s (SimGrid's profile unit), one level per kProfileStep seconds,
// each a log-uniform fraction in [kProfileFloor, 1] of the nominal; LOOPAFTER closes the period.
std::string profile_text(const Params& p, long client, double nominal_bps) {
  std::string s;
  for (int k = 0; k < kProfileSteps; ++k) {
    const double level = log_uniform(kProfileFloor, 1.0, draw(p.seed, client, 16 + static_cast<std::uint64_t>(k)));
    s += number(k * kProfileStep, 6) + " " + number(nominal_bps / 8 * level, 6) + "\n";
  }
  return s + "LOOPAFTER " + number(kProfileStep, 6) + "\n";
}

// A symmetric client gets one SPLITDUPLEX link (its halves are access-I_UP / _DOWN), an ADSL-like
// one two one-way links; host_link makes them the client's private links in the Cluster zone.
void write_client_links(Xml& x, const Params& p, long i, const Client& c, std::vector<PlatformSideFile>& files) {
  const std::string id = "access-" + std::to_string(i);
  auto profile = [&](const std::string& link, double bps) -> std::string {
    if (p.kind != "wan-varying") return "";
    // SimGrid refuses to load one profile file twice, so every link has its own.
    const std::string path = p.profile_dir + "/" + link + ".txt";
    files.push_back({path, profile_text(p, i, bps)});
    return xml_attribute_escape(path);
  };
  if (!c.asymmetric) {
    x.link(3, id, c.down, c.lat, "SPLITDUPLEX", profile(id, c.down));
  } else {
    x.link(3, id + "-up", c.up, c.lat, "SHARED", profile(id + "-up", c.up));
    x.link(3, id + "-down", c.down, c.lat, "SHARED", profile(id + "-down", c.down));
  }
}

void write_host_link(Xml& x, long i, const Client& c) {
  const std::string id = "access-" + std::to_string(i);
  const std::string up = c.asymmetric ? id + "-up" : id + "_UP", down = c.asymmetric ? id + "-down" : id + "_DOWN";
  x.line(3, "<host_link id=\"" + worker(i) + "\" up=\"" + up + "\" down=\"" + down + "\"/>");
}

// The clients live in one routing="Cluster" zone: O(1) routing and one zone whatever n is
// (3.32 checks every new name against every zone, so many small zones load in O(n x zones)).
void write_wan(Xml& x, const Params& p, const PlatformRequest& r, std::vector<PlatformSideFile>& files) {
  Comment d;
  d << "Heterogeneous federated WAN: " + std::to_string(p.n) + " clients and a data-center server (" +
           speed_text(p.server_speed) + ", NIC " + bw_text(p.server_bw) + " / 50us, uplink " + bw_text(p.server_bw) +
           " / 2ms)."
    << "Client access links drawn log-uniformly (seed " + std::to_string(p.seed) + ") in " +
           bw_text(p.bw / kWanSpread) + " .. " + bw_text(p.bw) + " and 10ms .. 100ms, speeds in " +
           speed_text(p.worker_speed) + " .. " + speed_text(10 * p.worker_speed) + ";"
    << "every 4th client (worker-3, worker-7, ...) is ADSL-like: up = down / 5."
    << "Route server <-> worker-I = server-nic, dc-uplink, access-I (as in wan5.xml). The clients are one"
    << "routing=\"Cluster\" zone whose router is the internet; host_link gives each its access link(s).";
  if (p.kind == "wan-varying")
    d << "Time-varying: each access link's bandwidth follows " + p.profile_dir + "/access-I*.txt (bytes/s):"
      << "a new level every " + number(kProfileStep, 6) + " s, log-uniform in 0.1 .. 1 x nominal, repeating every " +
             number(kProfileStep * kProfileSteps, 6) + " s."
      << "network/weight-S is 0 because SimGrid 3.32 deadlocks (default Lazy update) or cuts the latency"
      << "short (Full update) when a bandwidth change meets a message still in its latency phase and"
      << "weight-S > 0; the weight-S term only tilts how concurrent flows share a saturated link."
      << "A flow keeps the rate bound of the bandwidth it started with: a drop slows it, a rise does not.";
  header(x, d, {"server", "worker-{i}"}, r);
  if (p.kind == "wan-varying") x.line(1, "<config><prop id=\"network/weight-S\" value=\"0\"/></config>");
  x.line(1, "<zone id=\"wan\" routing=\"Full\">");
  x.line(2, "<zone id=\"datacenter\" routing=\"Floyd\">");
  x.host(3, "server", p.server_speed);
  x.line(3, "<router id=\"dc-gateway\"/>");
  x.link(3, "server-nic", p.server_bw, 50e-6, "SPLITDUPLEX");
  x.route(3, "server", "dc-gateway", "server-nic", true);
  x.line(2, "</zone>");
  x.line(2, "<zone id=\"clients\" routing=\"Cluster\">");
  x.line(3, "<router id=\"internet\"/>");
  std::vector<Client> clients;
  clients.reserve(static_cast<std::size_t>(p.n));
  for (long i = 0; i < p.n; ++i) {
    clients.push_back(draw_client(p, i));
    x.host(3, worker(i), clients.back().speed);
  }
  for (long i = 0; i < p.n; ++i) write_client_links(x, p, i, clients[static_cast<std::size_t>(i)], files);
  for (long i = 0; i < p.n; ++i) write_host_link(x, i, clients[static_cast<std::size_t>(i)]);
  x.line(2, "</zone>");
  x.link(2, "dc-uplink", p.server_bw, 2e-3, "SPLITDUPLEX");
  x.zone_route(2, "datacenter", "clients", "dc-gateway", "internet", "dc-uplink", true);
  x.line(1, "</zone>");
}

}  // namespace

std::vector<std::string> platform_kinds() {
  return {"star", "star-bottleneck", "datacenter", "fat-tree", "torus", "dragonfly", "wan", "wan-varying"};
}

PlatformRoles platform_roles(const PlatformRequest& request) {
  if (is_cluster_kind(request.kind)) return {"node-" + std::to_string(request.workers), "node-{i}"};
  return {"server", "worker-{i}"};
}

GeneratedPlatform generate_platform_files(const PlatformRequest& request) {
  const Params p = parse_request(request);
  GeneratedPlatform out;
  out.roles = platform_roles(request);
  Xml x;
  x.host_power = p.host_power;
  x.host_off_power = p.host_off_power;
  x.link_power = p.link_power;
  // About 300 bytes per WAN client (clusters need a few bytes per rack): one allocation at any n.
  x.text.reserve(static_cast<std::size_t>(p.n) * (is_wan_kind(p.kind) ? 400 : 32) + 4096);
  if (p.kind == "star" || p.kind == "star-bottleneck")
    write_star(x, p, request);
  else if (p.kind == "datacenter")
    write_datacenter(x, p, request);
  else if (is_cluster_kind(p.kind))
    write_cluster(x, p, request, out.roles);
  else
    write_wan(x, p, request, out.side_files);
  x.line(0, "</platform>");
  out.xml = std::move(x.text);
  return out;
}

std::string generate_platform(const PlatformRequest& request) { return generate_platform_files(request).xml; }

std::string platform_kind_help() {
  return "Kinds (hosts are server, worker-0 .. worker-{n-1} unless said otherwise):\n"
         "  star             server + n workers, each host on its own SPLITDUPLEX link (--bandwidth, --latency)\n"
         "                   to one switch; --server-bandwidth sets the server's link (default: --bandwidth).\n"
         "  star-bottleneck  star whose server link is slower than a worker's: --server-bandwidth defaults to\n"
         "                   --bandwidth / 4 and must stay below --bandwidth.\n"
         "  datacenter       racks of host links to top-of-rack routers, ToRs to a spine over uplinks of 4x\n"
         "                   the host bandwidth; --racks R worker racks (default ceil(n/16)), server in its own rack.\n"
         "  fat-tree, torus, dragonfly\n"
         "                   SimGrid cluster topologies with at least n+1 nodes, all links --bandwidth/--latency,\n"
         "                   all nodes --worker-speed. Hosts are node-K: the server is node-<n>, the workers\n"
         "                   node-0 .. node-<n-1>, so scenarios need platform.server = \"node-<n>\" and\n"
         "                   platform.workers = \"node-{i}\"; nodes above n stay idle.\n"
         "  wan              federated clients behind access links log-uniform in [--bandwidth/100, --bandwidth]\n"
         "                   and 10..100 ms (--latency unused), speeds in [--worker-speed, 10x], every 4th client\n"
         "                   up = down/5, all drawn from --seed; data-center server with NIC and uplink of\n"
         "                   --server-bandwidth (default 10 x --bandwidth).\n"
         "  wan-varying      wan whose access links follow a bandwidth profile (0.1..1 x nominal, a level per\n"
         "                   10 s, period 120 s); needs --out FILE: profiles go to FILE's stem + .profiles/.\n"
         "                   Sets network/weight-S = 0 against a SimGrid 3.32 deadlock (platforms/README.md).\n";
}

}  // namespace marina

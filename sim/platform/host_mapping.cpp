#include "sim/platform/host_mapping.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "sim/scenario/scenario_convert.hpp"

namespace marina {

namespace {
// Natural order: digit runs compare as numbers, so worker-2 < worker-10.
bool natural_less(const std::string& a, const std::string& b) {
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (std::isdigit(static_cast<unsigned char>(a[i])) && std::isdigit(static_cast<unsigned char>(b[j]))) {
      std::size_t ie = i, je = j;
      while (ie < a.size() && std::isdigit(static_cast<unsigned char>(a[ie]))) ++ie;
      while (je < b.size() && std::isdigit(static_cast<unsigned char>(b[je]))) ++je;
      const std::string na = a.substr(i, ie - i), nb = b.substr(j, je - j);
      if (na.size() != nb.size()) return na.size() < nb.size();
      if (na != nb) return na < nb;
      i = ie;
      j = je;
    } else {
      if (a[i] != b[j]) return a[i] < b[j];
      ++i;
      ++j;
    }
  }
  return a.size() - i < b.size() - j;
}
}  // namespace

std::vector<std::string> all_hosts_but(std::vector<std::string> hosts, const std::string& server, int n) {
  std::erase(hosts, server);
  std::sort(hosts.begin(), hosts.end(), natural_less);
  if (static_cast<int>(hosts.size()) != n)
    throw std::invalid_argument("platform.workers = \"*\" gives " + std::to_string(hosts.size()) +
                                " hosts besides the server, but split.workers = " + std::to_string(n));
  return hosts;
}

namespace {
// The value of attribute `name` in one tag's text, or "" (either quote style).
std::string attribute(const std::string& tag, const std::string& name) {
  for (const char quote : {'"', '\''}) {
    const std::string key = " " + name + "=" + quote;
    const auto at = tag.find(key);
    if (at == std::string::npos) continue;
    const auto start = at + key.size();
    const auto end = tag.find(quote, start);
    if (end != std::string::npos) return tag.substr(start, end - start);
  }
  return "";
}
}  // namespace

RoleMapping read_deployment(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::invalid_argument("cannot open deployment file '" + path + "'");
  std::stringstream text;
  text << in.rdbuf();
  const std::string xml = text.str();
  RoleMapping roles;
  bool have_server = false;
  for (auto pos = xml.find("<actor"); pos != std::string::npos; pos = xml.find("<actor", pos + 1)) {
    const auto end = xml.find('>', pos);
    if (end == std::string::npos) break;
    const std::string tag = xml.substr(pos, end - pos);
    const std::string host = attribute(tag, "host"), function = attribute(tag, "function");
    if (host.empty()) throw std::invalid_argument("an <actor> without host in '" + path + "'");
    if (function == "server") {
      if (have_server) throw std::invalid_argument("two server actors in '" + path + "'");
      roles.server = host;
      have_server = true;
    } else if (function == "worker") {
      roles.workers.push_back(host);
    } else {
      throw std::invalid_argument("actor function '" + function + "' in '" + path +
                                  "' (expected \"server\" or \"worker\")");
    }
  }
  if (!have_server) throw std::invalid_argument("no <actor function=\"server\"> in '" + path + "'");
  if (roles.workers.empty()) throw std::invalid_argument("no <actor function=\"worker\"> in '" + path + "'");
  return roles;
}

std::vector<std::string> expand_worker_hosts(const std::string& spec, int n) {
  std::vector<std::string> hosts;
  const auto brace = spec.find("{i}");
  if (brace != std::string::npos) {
    if (spec.find(',') != std::string::npos)
      throw std::invalid_argument("a pattern with {i} cannot also be a list");
    for (int i = 0; i < n; ++i)
      hosts.push_back(spec.substr(0, brace) + std::to_string(i) + spec.substr(brace + 3));
    return hosts;
  }
  std::size_t start = 0;
  while (start <= spec.size()) {
    const auto comma = spec.find(',', start);
    const std::string name = trim(spec.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (name.empty()) throw std::invalid_argument("empty host name in the list");
    hosts.push_back(name);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  if (static_cast<int>(hosts.size()) != n)
    throw std::invalid_argument("names " + std::to_string(hosts.size()) + " hosts but split.workers = " +
                                std::to_string(n) + " (expected one host per worker, or a pattern with {i})");
  return hosts;
}

}  // namespace marina

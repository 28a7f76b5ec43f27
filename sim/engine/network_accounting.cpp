#include "sim/engine/network_accounting.hpp"

#include <algorithm>

namespace marina {

LinkIds NetworkAccounting::route(const std::vector<std::pair<std::string, double>>& links) {
  LinkIds ids;
  for (const auto& [name, bandwidth] : links) {
    const auto [it, added] = index_.emplace(name, links_.size());
    if (added) links_.push_back({name, LinkUse{0, bandwidth}});
    ids.push_back(it->second);
  }
  return ids;
}

void NetworkAccounting::add_transfer(std::uint64_t bytes, const LinkIds& route) {
  payload_bytes_ += bytes;
  ++transfers_;
  for (const std::size_t link : route) links_[link].second.bytes += bytes;
}

std::uint64_t NetworkAccounting::link_bytes_total() const {
  std::uint64_t total = 0;
  for (const auto& [name, use] : links_) total += use.bytes;
  return total;
}

nlohmann::json NetworkAccounting::to_json(double end_time_s, const std::string& server_host,
                                          const std::vector<std::string>& worker_hosts) const {
  auto utilisation = [&](const LinkUse& u) {
    return end_time_s > 0 && u.bandwidth_Bps > 0 ? static_cast<double>(u.bytes) / (u.bandwidth_Bps * end_time_s) : 0.0;
  };
  auto times = [&](const std::string& host, const TimeUse& t) {
    nlohmann::json use = nlohmann::json::object();
    use["host"] = host;
    use["comm_s"] = t.comm_s;
    use["compute_s"] = t.compute_s;
    use["wait_s"] = std::max(0.0, end_time_s - t.comm_s - t.compute_s);
    return use;
  };
  // By name, so that the order does not depend on which route was registered first.
  std::vector<const std::pair<std::string, LinkUse>*> by_name;
  for (const auto& [name, position] : index_) by_name.push_back(&links_[position]);
  // The arrays hold an entry per link and per worker (300,000 at 100,000 workers): built in
  // place and moved, never copied.
  nlohmann::json links = nlohmann::json::array();
  links.get_ref<nlohmann::json::array_t&>().reserve(by_name.size());
  const std::pair<std::string, LinkUse>* busiest = nullptr;
  for (const auto* used : by_name) {
    const auto& entry = *used;
    nlohmann::json& link = links.emplace_back(nlohmann::json::object());
    link["name"] = entry.first;
    link["bytes"] = entry.second.bytes;
    link["bandwidth_Bps"] = entry.second.bandwidth_Bps;
    link["utilization"] = utilisation(entry.second);
    if (!busiest || entry.second.bytes > busiest->second.bytes) busiest = used;
  }
  nlohmann::json workers = nlohmann::json::array();
  workers.get_ref<nlohmann::json::array_t&>().reserve(worker_time_.size());
  for (std::size_t i = 0; i < worker_time_.size(); ++i) workers.push_back(times(worker_hosts[i], worker_time_[i]));
  nlohmann::json j;
  j["transfers"] = transfers_;
  j["payload_bytes"] = payload_bytes_;
  j["link_bytes_total"] = link_bytes_total();
  j["links"] = std::move(links);
  j["busiest_link"] = busiest ? nlohmann::json{{"name", busiest->first},
                                               {"bytes", busiest->second.bytes},
                                               {"utilization", utilisation(busiest->second)}}
                              : nlohmann::json(nullptr);
  j["server"] = times(server_host, server_time_);
  j["workers"] = std::move(workers);
  return j;
}

double union_length(std::vector<std::pair<double, double>> intervals) {
  std::sort(intervals.begin(), intervals.end());
  double total = 0, start = 0, end = 0;
  bool open = false;
  for (const auto& [a, b] : intervals) {
    if (!open || a > end) {
      if (open) total += end - start;
      start = a;
      end = b;
      open = true;
    } else {
      end = std::max(end, b);
    }
  }
  if (open) total += end - start;
  return total;
}

}  // namespace marina

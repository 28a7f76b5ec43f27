#include "sim/network_accounting.hpp"

#include <algorithm>

namespace marina {

void NetworkAccounting::add_transfer(std::uint64_t bytes, const std::vector<std::pair<std::string, double>>& route) {
  payload_bytes_ += bytes;
  ++transfers_;
  for (const auto& [name, bandwidth] : route) {
    LinkUse& use = links_[name];
    use.bytes += bytes;
    use.bandwidth_Bps = bandwidth;
  }
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
    return nlohmann::json{{"host", host},
                          {"comm_s", t.comm_s},
                          {"compute_s", t.compute_s},
                          {"wait_s", std::max(0.0, end_time_s - t.comm_s - t.compute_s)}};
  };
  nlohmann::json links = nlohmann::json::array();
  const std::pair<const std::string, LinkUse>* busiest = nullptr;
  for (const auto& entry : links_) {
    links.push_back({{"name", entry.first},
                     {"bytes", entry.second.bytes},
                     {"bandwidth_Bps", entry.second.bandwidth_Bps},
                     {"utilization", utilisation(entry.second)}});
    if (!busiest || entry.second.bytes > busiest->second.bytes) busiest = &entry;
  }
  nlohmann::json workers = nlohmann::json::array();
  for (std::size_t i = 0; i < worker_time_.size(); ++i) workers.push_back(times(worker_hosts[i], worker_time_[i]));
  nlohmann::json j;
  j["transfers"] = transfers_;
  j["payload_bytes"] = payload_bytes_;
  j["link_bytes_total"] = link_bytes_total();
  j["links"] = links;
  j["busiest_link"] = busiest ? nlohmann::json{{"name", busiest->first},
                                               {"bytes", busiest->second.bytes},
                                               {"utilization", utilisation(busiest->second)}}
                              : nlohmann::json(nullptr);
  j["server"] = times(server_host, server_time_);
  j["workers"] = workers;
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

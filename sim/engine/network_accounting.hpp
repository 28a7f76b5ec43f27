// What the network carried and where the time went, for summary.json's `network` section:
// exact payload bytes per link (each message's bytes added to every link of its route),
// the busiest link and its average utilisation, and for the server and each worker the
// simulated seconds spent communicating, computing and waiting.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace marina {

struct LinkUse {
  std::uint64_t bytes = 0;
  double bandwidth_Bps = 0;  // nominal bandwidth of the link
};

struct TimeUse {
  double comm_s = 0, compute_s = 0;
};

// A route as the accounting knows it: indices of its links (see NetworkAccounting::route).
using LinkIds = std::vector<std::size_t>;

class NetworkAccounting {
 public:
  explicit NetworkAccounting(int workers) : worker_time_(static_cast<std::size_t>(workers)) {}

  // The links of a route (names and nominal bandwidths), registered once per route so that
  // a transfer costs no name lookups (this runs for every message).
  LinkIds route(const std::vector<std::pair<std::string, double>>& links);
  // One transfer of `bytes` over the links of its route.
  void add_transfer(std::uint64_t bytes, const LinkIds& route);
  TimeUse& worker(int i) { return worker_time_[static_cast<std::size_t>(i)]; }
  TimeUse& server() { return server_time_; }

  std::uint64_t payload_bytes() const { return payload_bytes_; }
  std::uint64_t link_bytes_total() const;
  // `end_time_s` is the simulated duration; names are the platform's hosts.
  nlohmann::json to_json(double end_time_s, const std::string& server_host,
                         const std::vector<std::string>& worker_hosts) const;

 private:
  std::map<std::string, std::size_t> index_;  // link name -> position in links_
  std::vector<std::pair<std::string, LinkUse>> links_;
  std::vector<TimeUse> worker_time_;
  TimeUse server_time_;
  std::uint64_t payload_bytes_ = 0;
  std::uint64_t transfers_ = 0;
};

// Length of the union of [start, end] intervals (the time at least one is active).
double union_length(std::vector<std::pair<double, double>> intervals);

}  // namespace marina

#include "sim/engine/round_timeout.hpp"

#include <algorithm>
#include <limits>

namespace marina {

namespace {
constexpr double kLatencyFactor = 13.01;    // LV08 network/latency-factor
constexpr double kBandwidthFactor = 0.97;   // LV08 network/bandwidth-factor
constexpr double kTcpGamma = 4194304.0;     // network/TCP-gamma, bytes
constexpr double kSafety = 2.0;
}  // namespace

double auto_round_timeout(const std::vector<WorkerPath>& paths, double message_bytes, double gradient_flops) {
  const auto n = static_cast<double>(paths.size());
  double slowest = 0.0;
  for (const WorkerPath& p : paths) {
    double bandwidth = p.bandwidth_Bps > 0 ? p.bandwidth_Bps : std::numeric_limits<double>::infinity();
    if (p.latency_s > 0) bandwidth = std::min(bandwidth, kTcpGamma / (2.0 * p.latency_s));
    const double transfer = 2.0 * kLatencyFactor * p.latency_s + 2.0 * n * message_bytes / (kBandwidthFactor * bandwidth);
    const double compute = p.speed_flops > 0 ? 2.0 * gradient_flops / p.speed_flops : 0.0;
    slowest = std::max(slowest, transfer + compute);
  }
  return kSafety * slowest;
}

}  // namespace marina

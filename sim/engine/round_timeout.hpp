// The default round timeout (faults.round_timeout = "auto"): twice a pessimistic estimate of
// a fault-free round, so that a healthy round never times out and a dead worker costs a
// bounded wait. No SimGrid here; the server actor measures the paths.
#pragma once

#include <vector>

namespace marina {

// One worker's side of the platform, as the server sees it.
struct WorkerPath {
  double latency_s = 0.0;      // sum of link latencies, the slower direction
  double bandwidth_Bps = 0.0;  // smallest link bandwidth on either route
  double speed_flops = 0.0;    // the worker host's peak speed
};

// Per worker, with LV08's factors (simgrid-3.32-notes §2: T = 13.01 L + S / (0.97 B'),
// B' = min(B, gamma / (2 L)), gamma = 4 MiB):
//   T_w = 2 (13.01 L_w) + 2 n S / (0.97 B'_w) + 2 F / speed_w
// i.e. a dense message of S bytes each way with all n transfers sharing the worker's
// slowest link, and two local gradients of F flops (a resync or a VR round computes two).
// Returns 2 max_w T_w. CM02 and most SMPI factors are smaller than LV08's, so this is an
// over-estimate there too.
double auto_round_timeout(const std::vector<WorkerPath>& paths, double message_bytes, double gradient_flops);

}  // namespace marina

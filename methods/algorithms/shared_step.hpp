// The step every party applies, x^k = x^{k-1} - gamma * g^{k-1}, with the direction the
// downlink carried (already rounded to the wire precision). Server and workers run the
// same code on the same bits, so their copies of x stay bit-identical.
#pragma once

#include <span>
#include <vector>

#include "methods/algorithms/message.hpp"
#include "methods/compressors/wire_format.hpp"

namespace marina {

// Builds round k's downlink carrying g (encoded densely, when given) plus `flag_bits` of
// control (the coin).
DownlinkPtr make_downlink(std::int64_t round, bool coin, const Vec* direction,
                          const WireFormat& wire, std::uint64_t flag_bits = 0);

void apply_step(const Downlink& downlink, double gamma, Vec& x);

// Mean of the decoded uplinks into out (resized to dim).
void average_uplinks(std::span<const Uplink> uplinks, Index dim, Vec& out);

// Flops the server spends folding uplinks in: one add per value received, plus a pass.
double aggregation_flops(std::span<const Uplink> uplinks, Index dim);

// All workers 0..n-1, the participant list of a full-participation round.
std::vector<int> all_workers(int n);

}  // namespace marina

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

// A worker's x^k: the downlink's model when it carries one (a resync after missed rounds),
// else x^{k-1} - gamma g^{k-1}. Returns true for a resync.
bool enter_round(const Downlink& downlink, double gamma, Vec& x);
// The same under wire.downlink = "delta": first folds the downlink's direction into the
// g the worker holds (marina_downlink.hpp), then steps x^k = x^{k-1} - gamma g with it
// (rounds after 0, unless the downlink carries the model).
bool enter_round(const Downlink& downlink, double gamma, Vec& x, Vec& held_direction);

// v in f64 (64 bits per value on the wire): what a receiver must hold bit for bit (the
// models of a resync, a worker's mirrored state after a server restart).
Message encode_exact(const Vec& v);

// A resync downlink (ServerLogic::resync_downlink): `planned` plus x^k and, when given,
// x^{k-1}, both in f64 (64 bits per value on the wire) so nothing is rounded.
DownlinkPtr with_models(const Downlink& planned, const Vec& x, const Vec* previous);

// Mean of the decoded uplinks into out (resized to dim): the mean over the workers whose
// uplink arrived (all of them without faults). Zero when none arrived.
void average_uplinks(std::span<const Uplink> uplinks, Index dim, Vec& out);

// (1/n) times the sum of the decoded uplinks: for methods whose server estimate is the mean
// of per-worker states (DIANA's h, EF21's g), where a lost uplink leaves that worker's
// state as it was on both sides. The same as average_uplinks when all n arrived.
void sum_over_workers(std::span<const Uplink> uplinks, Index dim, int n, Vec& out);

// Flops the server spends folding uplinks in: one add per value received, plus a pass.
double aggregation_flops(std::span<const Uplink> uplinks, Index dim);

// All workers 0..n-1, the participant list of a full-participation round.
std::vector<int> all_workers(int n);

}  // namespace marina

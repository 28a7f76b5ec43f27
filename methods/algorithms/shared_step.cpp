#include "methods/algorithms/shared_step.hpp"

#include <cassert>
#include <numeric>

#include "methods/algorithms/marina_downlink.hpp"
#include "methods/algorithms/protocol.hpp"
#include "methods/compressors/identity.hpp"

namespace marina {

DownlinkPtr make_downlink(std::int64_t round, bool coin, const Vec* direction,
                          const WireFormat& wire, std::uint64_t flag_bits) {
  auto d = std::make_shared<Downlink>();
  d->round = round;
  d->coin = coin;
  if (direction != nullptr) d->direction = encode_dense(*direction, wire);
  d->control_bits = flag_bits;
  return d;
}

void apply_step(const Downlink& downlink, double gamma, Vec& x) {
  if (downlink.direction.kind == Message::Kind::empty) return;
  assert(downlink.direction.is_dense());
  x.noalias() -= gamma * downlink.direction.dense;
}

bool enter_round(const Downlink& downlink, double gamma, Vec& x) {
  if (downlink.model.kind == Message::Kind::empty) {
    apply_step(downlink, gamma, x);
    return false;
  }
  x = downlink.model.dense;
  return true;
}

bool enter_round(const Downlink& downlink, double gamma, Vec& x, Vec& held_direction) {
  apply_update(downlink.direction, held_direction);
  if (downlink.model.kind != Message::Kind::empty) {
    x = downlink.model.dense;
    return true;
  }
  if (downlink.round > 0) x.noalias() -= gamma * held_direction;  // the same code as the server's step
  return false;
}

Message encode_exact(const Vec& v) { return encode_dense(v, WireFormat{Precision::f64, IndexEncoding::none, false}); }

DownlinkPtr with_models(const Downlink& planned, const Vec& x, const Vec* previous) {
  auto d = std::make_shared<Downlink>(planned);
  d->model = encode_exact(x);
  if (previous != nullptr) d->previous_model = encode_exact(*previous);
  return d;
}

void average_uplinks(std::span<const Uplink> uplinks, Index dim, Vec& out) {
  out.setZero(dim);
  for (const Uplink& u : uplinks) u.message.add_to(out);
  if (!uplinks.empty()) out /= static_cast<double>(uplinks.size());
}

void sum_over_workers(std::span<const Uplink> uplinks, Index dim, int n, Vec& out) {
  out.setZero(dim);
  for (const Uplink& u : uplinks) u.message.add_to(out);
  out /= static_cast<double>(n);
}

double aggregation_flops(std::span<const Uplink> uplinks, Index dim) {
  double values = 0.0;
  for (const Uplink& u : uplinks) values += static_cast<double>(u.message.nonzeros());
  return values + 2.0 * static_cast<double>(dim);
}

std::vector<int> all_workers(int n) {
  std::vector<int> v(static_cast<std::size_t>(n));
  std::iota(v.begin(), v.end(), 0);
  return v;
}

}  // namespace marina

// A message is a value: what a method sends, already rounded to the wire precision, and
// the exact number of bits its encoding takes (DESIGN.md "round protocol"). The simulator
// moves it and charges its bits; it never looks inside.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "methods/common/types.hpp"

namespace marina {

struct Message {
  enum class Kind { empty, dense, sparse };

  Kind kind = Kind::empty;
  Index dim = 0;
  Vec dense;                        // kind == dense: all dim values
  std::vector<Index> indices;       // kind == sparse: support, ascending
  std::vector<double> values;       // kind == sparse: one value per index
  std::uint64_t bits = 0;           // exact encoded size, payload + method flags

  static Message empty_message(std::uint64_t flag_bits = 0);
  static Message dense_vector(Vec v, std::uint64_t bits);
  static Message sparse_vector(Index dim, std::vector<Index> idx, std::vector<double> val,
                               std::uint64_t bits);

  bool is_dense() const { return kind == Kind::dense; }
  Index nonzeros() const;
  // acc += scale * (decoded message)
  void add_to(Vec& acc, double scale = 1.0) const;
  Vec to_dense() const;
};

// One downlink object is shared by every participant of a round: the simulator hands each
// receiver a pointer to the same immutable value.
struct Downlink {
  std::int64_t round = 0;
  // The round's shared Bernoulli draw, sent with the downlink: MARINA's c_k (a dense
  // round), VR-DIANA's u_k (refresh the reference point).
  bool coin = false;
  // g^{k-1}, which every participant applies to its copy of x. Under wire.downlink = "delta"
  // (marina_downlink.hpp) a sparse direction is the increment onto the g^{k-2} the receiver
  // holds, a dense one g^{k-1} itself.
  Message direction;
  Message model;           // x^k itself, for methods whose participants may have missed rounds
  Message previous_model;  // x^{k-1}, when a participant needs both points (PP-MARINA)
  // PP-MARINA under wire.downlink = "delta": the updates of g of rounds updates_from ..
  // round-1, oldest first, from which a client that skipped rounds rebuilds x^{k-1}, x^k.
  std::int64_t updates_from = 0;
  std::vector<Message> updates;
  // Seed shared by all participants of this round (correlated compressors such as PermK).
  std::uint64_t shared_seed = 0;
  std::uint64_t control_bits = 0;  // coin, seed and other flags on the wire

  std::uint64_t bits() const {
    std::uint64_t total = direction.bits + model.bits + previous_model.bits + control_bits;
    for (const Message& u : updates) total += u.bits;
    return total;
  }
};
using DownlinkPtr = std::shared_ptr<const Downlink>;

// What a worker's step costs: oracle calls (per-sample gradient evaluations) and an
// analytic flop count charged on its host.
struct Work {
  std::int64_t oracle_calls = 0;
  double flops = 0.0;
  Work& operator+=(const Work& o) {
    oracle_calls += o.oracle_calls;
    flops += o.flops;
    return *this;
  }
};

struct Uplink {
  int worker = 0;
  Message message;
  Work work;
};

}  // namespace marina

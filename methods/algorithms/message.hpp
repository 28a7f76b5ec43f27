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
  bool dense_round = false;   // MARINA's shared coin c_k (also set for rounds sent in full)
  Message direction;          // the vector every participant applies, or empty
  std::uint64_t bits() const { return direction.bits; }
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

// What a server needs to be checkpointed (docs/faults.md "Server crashes"): a copy of itself
// and the size of what that copy must hold. A server whose members are all values (Eigen
// vectors, messages, shared immutable downlinks) derives from CopyableServer<Itself> and
// gets snapshot() from its copy constructor; it still says what a checkpoint of it weighs.
#pragma once

#include <cstdint>
#include <memory>

#include "methods/algorithms/protocol.hpp"

namespace marina {

template <typename Derived>
class CopyableServer : public ServerLogic {
 public:
  std::unique_ptr<ServerLogic> snapshot() const override {
    return std::make_unique<Derived>(static_cast<const Derived&>(*this));
  }
};

// A checkpoint stores vectors in f64 whatever the wire precision: the restarted server must
// hold the very bits it had.
inline std::uint64_t checkpoint_bytes(const Vec& v) { return 8 * static_cast<std::uint64_t>(v.size()); }
// A kept message is stored as it is encoded on the wire.
inline std::uint64_t checkpoint_bytes(const Message& m) { return (m.bits + 7) / 8; }
// One per-round scalar (a round number, a counter).
constexpr std::uint64_t kCheckpointScalarBytes = 8;

}  // namespace marina

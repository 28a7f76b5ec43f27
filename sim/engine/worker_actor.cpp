#include "sim/engine/worker_actor.hpp"

#include <memory>
#include <simgrid/Exception.hpp>
#include <simgrid/s4u.hpp>

#include "sim/engine/actor_plumbing.hpp"
#include "sim/engine/envelopes.hpp"

XBT_LOG_EXTERNAL_CATEGORY(marina);
XBT_LOG_NEW_DEFAULT_SUBCATEGORY(marina_worker, marina, "marina-sim: worker actors");

namespace sg4 = simgrid::s4u;

namespace marina {
namespace {

// Tells the method its uplink was lost unless the transfer finished, whichever way the step
// ends: past the deadline, a failed or timed-out send, or the host crashing mid-step (the
// kill unwinds the actor's stack through this destructor).
class UplinkReceipt {
 public:
  explicit UplinkReceipt(WorkerLogic& logic) : logic_(logic) {}
  UplinkReceipt(const UplinkReceipt&) = delete;
  UplinkReceipt& operator=(const UplinkReceipt&) = delete;
  ~UplinkReceipt() {
    if (!delivered_) logic_.uplink_lost();
  }
  void delivered() { delivered_ = true; }

 private:
  WorkerLogic& logic_;
  bool delivered_ = false;
};

// Charges the step's work on the host; returns the simulated seconds it took.
double compute(const Work& work, const WorkerSlot& s, std::int64_t round) {
  const double start = sg4::Engine::get_clock();
  charge_flops(work.flops);
  const double end = sg4::Engine::get_clock();
  if (s.timeline != nullptr) s.timeline->computed(s.index, round, start, end);
  return end - start;
}

// The answer to a restarted server that asks for the state it mirrors. Nothing changes on
// this side, so a lost answer needs no undo (the server then tells this worker to forget).
void send_mirrored_state(const WorkerSlot& s, const DownEnvelope& request) {
  const double left_s = request.deadline - sg4::Engine::get_clock();
  if (left_s <= 0 || !route_is_up(s.up_links)) return;
  Uplink state{s.index, s.logic->mirrored_state(), Work{}};
  const std::uint64_t bytes = simulated_bytes(state.message.bits);
  auto payload = std::make_unique<UpEnvelope>(UpEnvelope{std::move(state), 0.0, request.downlink->round, true});
  try {
    (request.reply_to != nullptr ? request.reply_to : s.up)->put(payload.get(), bytes, left_s);
    payload.release();  // the server has it
  } catch (const simgrid::Exception& e) {
    XBT_DEBUG("worker %d: mirrored state lost (%s)", s.index, e.what());
  }
}

}  // namespace

void WorkerActor::operator()() const {
  if (slot_->faults) {
    serve_with_faults();
  } else {
    serve_fault_free();
  }
}

void WorkerActor::serve_fault_free() const {
  WorkerSlot& s = *slot_;
  for (;;) {
    const auto envelope = s.down->get_unique<DownEnvelope>();
    Uplink uplink = s.steps_ahead != nullptr ? s.steps_ahead->take(s.index) : s.logic->step(*envelope->downlink, s.rng);
    const double compute_s = compute(uplink.work, s, envelope->downlink->round);
    const std::uint64_t bytes = simulated_bytes(uplink.message.bits);
    // A blocking send, not a detached one: detaching saves a wake-up per worker and round
    // (5% fewer instructions at n = 5) but SimGrid 3.32 handles detached transfers in a way
    // that grows with their number (3 rounds of 10,000 workers: 2.7 s detached, 1.2 s not).
    s.up->put(new UpEnvelope{std::move(uplink), compute_s, envelope->downlink->round}, bytes);
  }
}

// Blocks on one transfer at a time: on a downlink, which a live server sends or withdraws
// and a dead one no longer owes (a worker it stopped waiting for is probed again; workers are
// daemons and end with the run), or on an uplink, which times out at the round's deadline.
void WorkerActor::serve_with_faults() const {
  WorkerSlot& s = *slot_;
  for (;;) {
    std::unique_ptr<DownEnvelope> envelope;
    try {
      envelope = s.down->get_unique<DownEnvelope>();
    } catch (const simgrid::Exception&) {
      continue;  // the downlink failed in flight or the server withdrew it: the server knows
    }
    if (envelope == nullptr) continue;  // matched a send that had already failed
    if (envelope->request == DownEnvelope::Request::mirrored_state) {
      send_mirrored_state(s, *envelope);
      continue;
    }
    // Before the step, so that undoing a lost uplink goes back to the forgotten (zero) state.
    if (envelope->forget_mirrored_state) s.logic->forget_mirrored_state();
    UplinkReceipt receipt(*s.logic);
    const std::int64_t round = envelope->downlink->round;
    Uplink uplink = s.logic->step(*envelope->downlink, s.rng);
    const double compute_s = compute(uplink.work, s, round);
    const double left_s = envelope->deadline - sg4::Engine::get_clock();
    if (left_s <= 0) {
      XBT_DEBUG("worker %d: round %ld computed past the deadline", s.index, static_cast<long>(round));
      continue;
    }
    if (!route_is_up(s.up_links)) continue;  // the send would fail at once (actor_plumbing.hpp)
    const std::uint64_t bytes = simulated_bytes(uplink.message.bits);
    auto payload = std::make_unique<UpEnvelope>(UpEnvelope{std::move(uplink), compute_s, round});
    sg4::Mailbox* up = envelope->reply_to != nullptr ? envelope->reply_to : s.up;
    try {
      up->put(payload.get(), bytes, left_s);
      payload.release();  // the server has it
      receipt.delivered();
    } catch (const simgrid::Exception& e) {
      XBT_DEBUG("worker %d: uplink of round %ld lost (%s)", s.index, static_cast<long>(round), e.what());
    }
  }
}

}  // namespace marina

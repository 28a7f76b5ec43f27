#include "sim/worker_actor.hpp"

#include <memory>
#include <simgrid/Exception.hpp>
#include <simgrid/s4u.hpp>

#include "sim/envelopes.hpp"

XBT_LOG_EXTERNAL_CATEGORY(marina);
XBT_LOG_NEW_DEFAULT_SUBCATEGORY(marina_worker, marina, "marina-sim: worker actors");

namespace sg4 = simgrid::s4u;

namespace marina {
namespace {

// Tells the method its uplink was lost unless the transfer finished, whichever way the step
// ends: past the deadline, a failed or timed-out put, or the host crashing mid-step (the
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

double compute(const Work& work) {
  const double start = sg4::Engine::get_clock();
  if (work.flops > 0) sg4::this_actor::execute(work.flops);
  return sg4::Engine::get_clock() - start;
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
    Uplink uplink = s.logic->step(*envelope->downlink, s.rng);
    const double compute_s = compute(uplink.work);
    const std::uint64_t bytes = simulated_bytes(uplink.message.bits);
    s.up->put(new UpEnvelope{std::move(uplink), compute_s, envelope->downlink->round}, bytes);
  }
}

void WorkerActor::serve_with_faults() const {
  WorkerSlot& s = *slot_;
  if (s.starts++ > 0) ask_to_rejoin();  // restarted after a crash
  for (;;) {
    std::unique_ptr<DownEnvelope> envelope;
    try {
      envelope = s.silence_s > 0 ? s.down->get_unique<DownEnvelope>(s.silence_s) : s.down->get_unique<DownEnvelope>();
    } catch (const simgrid::TimeoutException&) {
      ask_to_rejoin();  // the server may have stopped waiting for this worker
      continue;
    } catch (const simgrid::Exception&) {
      continue;  // the downlink failed in flight (a link went down): the server knows
    }
    // A receive that matched a send which had already failed (SimGrid 3.32 leaves those in
    // the mailbox) finishes without a payload; the server counted that downlink as lost.
    if (envelope == nullptr) continue;
    UplinkReceipt receipt(*s.logic);
    const std::int64_t round = envelope->downlink->round;
    Uplink uplink = s.logic->step(*envelope->downlink, s.rng);
    const double compute_s = compute(uplink.work);
    const double left_s = envelope->deadline - sg4::Engine::get_clock();
    if (left_s <= 0) {
      XBT_DEBUG("worker %d: round %ld computed past the deadline", s.index, static_cast<long>(round));
      continue;
    }
    const std::uint64_t bytes = simulated_bytes(uplink.message.bits);
    auto payload = std::make_unique<UpEnvelope>(UpEnvelope{std::move(uplink), compute_s, round});
    try {
      s.up->put(payload.get(), bytes, left_s);
      payload.release();  // the server has it
      receipt.delivered();
    } catch (const simgrid::Exception& e) {
      XBT_DEBUG("worker %d: uplink of round %ld lost (%s)", s.index, static_cast<long>(round), e.what());
    }
  }
}

void WorkerActor::ask_to_rejoin() const {
  WorkerSlot& s = *slot_;
  if (s.rejoin == nullptr) return;  // faults.drop_after = 0: the server never drops anyone
  s.rejoin_request.worker = s.index;
  try {
    s.rejoin->put(&s.rejoin_request, kRejoinRequestBytes, s.silence_s);
  } catch (const simgrid::Exception&) {
    // Nobody took it in time; the next silence asks again.
  }
}

}  // namespace marina

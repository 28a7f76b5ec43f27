// The exchange under faults (docs/faults.md). Every transfer of a round carries a deadline:
// the server waits until each participant's uplink arrived or failed, or the round timeout
// passed, then goes on with what it has. It remembers who missed a downlink (that worker
// gets a resync downlink next time), stops waiting for a worker after faults.drop_after
// missed rounds in a row, and probes a dropped worker again after drop_after rounds,
// doubling the wait after each failed probe (at most 32 x drop_after rounds): a worker
// that answers a probe is back.
//
// Every transfer the server starts is waited on until it settles or the server cancels it
// at the deadline, and workers only ever wait on one transfer at a time: SimGrid 3.32 does
// not always update a transfer that fails or is cancelled while its owner is busy with
// something else, and waiting on it later can crash inside SimGrid.
//
// Waiting is a wait_any loop over the open transfers of 32 participants at a time, each
// group in its own helper actor above 64 participants (sim/engine/fan_out.hpp).
//
// The exchange outlives the server actor. When a crashed server is restarted it forgets who
// was dropped, counts every worker as having missed downlinks (each gets a resync at its next
// contact), and takes uplinks on new mailboxes: an uplink a worker started towards the dead
// server then finds no receiver and times out at its old deadline, so the worker undoes it
// (uplink_lost), rather than reaching the new server as an answer to a round it never sent.
// For a method whose server mirrors worker state it also gathers the workers' mirrored
// states; a worker that does not answer is told to forget its own with its next downlink.
#include <algorithm>
#include <limits>
#include <simgrid/Exception.hpp>
#include <simgrid/s4u.hpp>
#include <stdexcept>

#include "sim/engine/envelopes.hpp"
#include "sim/engine/fan_out.hpp"
#include "sim/engine/round_exchange.hpp"

XBT_LOG_EXTERNAL_CATEGORY(marina);
XBT_LOG_NEW_DEFAULT_SUBCATEGORY(marina_faults, marina, "marina-sim: timeouts, lost messages, dropped workers");

namespace sg4 = simgrid::s4u;

namespace marina {
namespace {

// A null comm is a transfer never started (its route was down): settled, not arrived.
bool settled(const sg4::CommPtr& c) {
  if (!c) return true;
  const auto s = c->get_state();
  return s == sg4::Activity::State::FINISHED || s == sg4::Activity::State::FAILED ||
         s == sg4::Activity::State::CANCELED;
}

bool arrived(const sg4::CommPtr& c) { return c && c->get_state() == sg4::Activity::State::FINISHED; }

constexpr int kMaxBackoffDoublings = 5;  // probes at most 32 x drop_after rounds apart

struct FaultTally {
  std::int64_t rounds_timed_out = 0;
  std::int64_t forgets = 0;           // downlinks that told a worker to forget its mirrored state
  std::int64_t downlinks_missed = 0;  // a contacted participant did not get the round's downlink
  std::int64_t uplinks_missed = 0;    // a contacted participant's uplink did not arrive
  std::int64_t uplinks_skipped = 0;   // a participant was dropped and not due for a probe
  std::int64_t resyncs = 0;           // downlinks sent with the model to a worker that missed rounds
  std::int64_t drops = 0;             // times the server stopped waiting for a worker
  std::int64_t probes = 0;            // dropped workers contacted again
  std::int64_t rejoins = 0;           // probes answered: the worker is back
};

// One participant's two transfers this round.
struct Slot {
  int worker = 0;
  bool forget = false;             // the downlink tells the worker to forget its mirrored state
  DownEnvelope* sent = nullptr;    // ours until the downlink arrives, then the worker's
  std::uint64_t down_bits = 0;
  UpEnvelope* received = nullptr;  // set by SimGrid when the uplink arrives
  sg4::CommPtr down, up;
};

// Before any round, or after a server restart: the worker's next downlink is a resync.
constexpr std::int64_t kNothingDelivered = std::numeric_limits<std::int64_t>::min();

// Whether the server counts on a worker, per worker.
struct WorkerStanding {
  std::int64_t last_delivered = -1;  // round of the last downlink it got
  bool must_forget = false;          // its mirrored state counts as zero; its next downlink says so
  int misses = 0;                    // consecutive rounds without its uplink
  bool dropped = false;
  std::int64_t next_probe = 0;  // while dropped: the first round it is contacted again
  int failed_probes = 0;
  std::int64_t uplinks_missed = 0, uplinks_skipped = 0;
};

class DeadlineExchange final : public RoundExchange {
 public:
  DeadlineExchange(const ExchangeContext& context, const ServerLogic& logic, const DeadlineSettings& settings)
      : c_(context), logic_(&logic), settings_(settings), standing_(context.boxes.down.size()),
        up_boxes_(context.boxes.up) {
    for (sg4::Host* w : context.topology.workers) down_links_.push_back(links_between(context.topology.server, w));
  }

  void exchange(const RoundPlan& plan, RoundTraffic& out) override {
    gathering_ = false;
    run(plan, out);
  }

  void server_restarted(const ServerLogic& logic, bool workers_forget) override {
    logic_ = &logic;
    abandon_round();
    ++restarts_;
    for (std::size_t i = 0; i < standing_.size(); ++i) {
      WorkerStanding& st = standing_[i];
      st.last_delivered = kNothingDelivered;
      st.misses = 0;
      st.dropped = false;
      st.failed_probes = 0;
      st.must_forget = st.must_forget || workers_forget;
      up_boxes_[i] = sg4::Mailbox::by_name("up-" + std::to_string(i) + "-restart-" + std::to_string(restarts_));
    }
  }

  void gather_mirrored_states(const RoundPlan& request, RoundTraffic& out) override {
    gathering_ = true;
    run(request, out);
    gathering_ = false;
  }

  nlohmann::json faults_json() const override {
    nlohmann::json j;
    j["round_timeout_s"] = settings_.timeout_s;
    j["round_timeout_from"] = settings_.timeout_from_platform ? "platform (auto)" : "scenario";
    j["drop_after"] = settings_.drop_after;
    j["rounds_timed_out"] = tally_.rounds_timed_out;
    j["downlinks_missed"] = tally_.downlinks_missed;
    j["uplinks_missed"] = tally_.uplinks_missed;
    j["uplinks_skipped_dropped"] = tally_.uplinks_skipped;
    j["resyncs"] = tally_.resyncs;
    j["workers_dropped"] = tally_.drops;
    j["probes"] = tally_.probes;
    j["workers_rejoined"] = tally_.rejoins;
    nlohmann::json still = nlohmann::json::array(), per_worker = nlohmann::json::array();
    for (std::size_t w = 0; w < standing_.size(); ++w) {
      if (standing_[w].dropped) still.push_back(w);
      per_worker.push_back({{"uplinks_missed", standing_[w].uplinks_missed},
                            {"uplinks_skipped_dropped", standing_[w].uplinks_skipped}});
    }
    j["dropped_at_end"] = still;
    j["per_worker"] = per_worker;
    // Only runs whose server restarted tell workers to forget: other runs keep their bytes.
    if (restarts_ > 0) j["forget_downlinks"] = tally_.forgets;
    return j;
  }

 private:
  // One exchange: a round, or the gathering of mirrored states after a restart.
  void run(const RoundPlan& plan, RoundTraffic& out) {
    const std::int64_t round = plan.downlink->round;
    const double deadline = sg4::Engine::get_clock() + settings_.timeout_s;
    plan_slots(plan, round, deadline);
    bool timed_out = true;
    if (slots_.empty()) {
      // Everyone it would contact is dropped: an idle round that lasts the timeout, rather
      // than rounds that race through no simulated time until a probe is due.
      sg4::this_actor::sleep_until(deadline);
    } else {
      timed_out = false;
      fan_out(c_.topology.server, slots_.size(), [&](std::size_t from, std::size_t to) {
        start(from, to);
        if (wait_until(from, to, deadline)) timed_out = true;
        // Whoever started a transfer withdraws it (SimGrid 3.32 may not update a transfer
        // cancelled by another actor than its owner, see the top of this file).
        for (std::size_t j = from; j < to; ++j) {
          if (!settled(slots_[j].down)) slots_[j].down->cancel();
          if (!settled(slots_[j].up)) slots_[j].up->cancel();
        }
      });
    }
    if (timed_out && !gathering_) {
      ++tally_.rounds_timed_out;
      XBT_VERB("round %ld timed out", static_cast<long>(round));
    }
    out.downlink_bits = 0;
    for (Slot& s : slots_) settle(s, round, out);
    round_settled_ = true;
  }

  // Who is contacted this round and with which downlink; no transfer starts yet.
  void plan_slots(const RoundPlan& plan, std::int64_t round, double deadline) {
    slots_.clear();
    round_settled_ = false;
    DownlinkPtr resync;  // built once per round, for whoever needs it
    for (const int w : plan.participants) {
      WorkerStanding& st = standing_[static_cast<std::size_t>(w)];
      if (gathering_) {  // everyone is asked, nobody is resynchronised yet
        add_slot(w, plan.downlink, deadline, DownEnvelope::Request::mirrored_state);
        continue;
      }
      if (st.dropped) {
        if (round < st.next_probe) {
          ++tally_.uplinks_skipped;
          ++st.uplinks_skipped;
          continue;
        }
        ++tally_.probes;
      }
      DownlinkPtr downlink = plan.downlink;
      if (st.last_delivered != round - 1) {  // missed a downlink since it last heard from us
        if (!resync) resync = logic_->resync_downlink(plan.downlink);
        downlink = resync;
        if (resync != plan.downlink) ++tally_.resyncs;
      }
      add_slot(w, downlink, deadline, DownEnvelope::Request::step);
    }
  }

  void add_slot(int w, const DownlinkPtr& downlink, double deadline, DownEnvelope::Request request) {
    const auto i = static_cast<std::size_t>(w);
    Slot s;
    s.worker = w;
    s.forget = request == DownEnvelope::Request::step && standing_[i].must_forget;
    s.down_bits = downlink->bits() + (s.forget ? kForgetFlagBits : 0);
    s.sent = new DownEnvelope{downlink, deadline, request, s.forget, up_boxes_[i]};
    slots_.push_back(s);
  }

  // The server died in the middle of an exchange. A downlink it never started is ours to
  // free, and so is an uplink it saw arrive. A downlink still under way when it died is left
  // alone: SimGrid 3.32 does not update the dead owner's side of a transfer (see the top of
  // this file), so whether the worker got it cannot be told for sure (it did if the transfer
  // ended at the very date of the crash), and freeing it could pull it from under the worker.
  // That leaks an envelope per such worker and crash, a few bytes each.
  void abandon_round() {
    if (round_settled_) return;
    for (Slot& s : slots_) {
      if (!s.down) delete s.sent;
      if (arrived(s.up)) delete s.received;
    }
    slots_.clear();
    round_settled_ = true;
  }

  // Starts the transfers of slots [from, to). (Addresses of `received` are stable now that
  // slots_ no longer grows.)
  void start(std::size_t from, std::size_t to) {
    for (std::size_t j = from; j < to; ++j) {
      Slot& s = slots_[j];
      const auto i = static_cast<std::size_t>(s.worker);
      if (!route_is_up(down_links_[i])) continue;  // fails at once: no transfer, see route_is_up
      s.down = c_.boxes.down[i]->put_async(s.sent, simulated_bytes(s.down_bits));
      s.up = up_boxes_[i]->get_async<UpEnvelope>(&s.received);
    }
  }

  // Waits on the transfers of slots [from, to). True when the deadline passed with some of
  // them still open.
  bool wait_until(std::size_t from, std::size_t to, double deadline) {
    std::vector<sg4::CommPtr> open;
    for (;;) {
      open.clear();
      for (std::size_t j = from; j < to; ++j) {
        Slot& s = slots_[j];
        // A worker that did not get the downlink will not answer.
        if (settled(s.down) && !arrived(s.down) && !settled(s.up)) s.up->cancel();
        if (!settled(s.down)) open.push_back(s.down);
        if (!settled(s.up)) open.push_back(s.up);
      }
      if (open.empty()) return false;
      const double left = deadline - sg4::Engine::get_clock();
      if (left <= 0) return true;
      try {
        if (sg4::Comm::wait_any_for(open, left) < 0) return true;
      } catch (const simgrid::Exception& e) {
        // A transfer failed (a host or link went down); the states say which.
        XBT_DEBUG("a transfer failed: %s", e.what());
        if (std::none_of(open.begin(), open.end(), [](const sg4::CommPtr& c) { return settled(c); })) {
          // A worker's send timing out at the deadline fails the transfer on our side too.
          if (sg4::Engine::get_clock() >= deadline) return true;
          throw std::logic_error(std::string("wait_any_for failed without a failed transfer: ") + e.what());
        }
      }
    }
  }

  void settle(Slot& s, std::int64_t round, RoundTraffic& out) {
    const auto i = static_cast<std::size_t>(s.worker);
    WorkerStanding& st = standing_[i];
    TimeUse& t = c_.accounting.worker(s.worker);
    if (arrived(s.down)) {
      if (!gathering_) st.last_delivered = round;
      if (s.forget) {
        st.must_forget = false;
        ++tally_.forgets;
      }
      *out.downlink_bits += s.down_bits;
      c_.accounting.add_transfer(simulated_bytes(s.down_bits), c_.down_routes[i]);
      t.comm_s += s.down->get_finish_time() - s.down->get_start_time();
      out.intervals.emplace_back(s.down->get_start_time(), s.down->get_finish_time());
      if (c_.timeline) c_.timeline->downlink(s.worker, round, s.down->get_start_time(), s.down->get_finish_time());
    } else {
      delete s.sent;  // never reached the worker
      if (!gathering_) ++tally_.downlinks_missed;
    }
    // A receive that matched a send which had already failed finishes without a payload.
    if (!arrived(s.up) || s.received == nullptr) {
      if (gathering_) {
        st.must_forget = true;  // its state is not in the rebuilt sum: both sides take it as zero
      } else {
        missed(s.worker, round);
      }
      return;
    }
    std::unique_ptr<UpEnvelope> owned(s.received);
    if (owned->round != round || owned->mirrored_state != gathering_)
      throw std::logic_error("an uplink of round " + std::to_string(owned->round) + " arrived in round " +
                             std::to_string(round) + (gathering_ ? " (gathering mirrored states)" : ""));
    if (gathering_) st.must_forget = false;  // the rebuilt sum holds the state it has
    if (st.dropped) {
      st.dropped = false;
      ++tally_.rejoins;
      XBT_VERB("worker %zu answered a probe: back", i);
    }
    st.misses = 0;
    c_.accounting.add_transfer(simulated_bytes(owned->uplink.message.bits), c_.up_routes[i]);
    t.comm_s += s.up->get_finish_time() - s.up->get_start_time();
    out.intervals.emplace_back(s.up->get_start_time(), s.up->get_finish_time());
    if (c_.timeline) c_.timeline->uplink(s.worker, round, s.up->get_start_time(), s.up->get_finish_time());
    t.compute_s += owned->compute_s;
    out.slowest_compute_s = std::max(out.slowest_compute_s, owned->compute_s);
    out.uplinks.push_back(std::move(owned->uplink));
  }

  void missed(int worker, std::int64_t round) {
    WorkerStanding& st = standing_[static_cast<std::size_t>(worker)];
    ++tally_.uplinks_missed;
    ++st.uplinks_missed;
    if (settings_.drop_after <= 0) return;
    if (st.dropped) {  // a failed probe: wait twice as long before the next
      st.failed_probes = std::min(st.failed_probes + 1, kMaxBackoffDoublings);
      st.next_probe = round + (static_cast<std::int64_t>(settings_.drop_after) << st.failed_probes);
      return;
    }
    if (++st.misses < settings_.drop_after) return;
    st.dropped = true;
    st.failed_probes = 0;
    st.next_probe = round + settings_.drop_after;
    ++tally_.drops;
    XBT_VERB("worker %d dropped after %d missed rounds", worker, st.misses);
  }

  // One flag bit on the downlink that tells a worker to forget its mirrored state.
  static constexpr std::uint64_t kForgetFlagBits = 1;

  ExchangeContext c_;
  const ServerLogic* logic_;  // replaced by the restored copy when the server restarts
  DeadlineSettings settings_;
  std::vector<Slot> slots_;
  bool round_settled_ = true;  // false while slots_ still own payloads (an exchange under way)
  bool gathering_ = false;     // asking for mirrored states rather than running a round
  int restarts_ = 0;
  std::vector<WorkerStanding> standing_;
  std::vector<sg4::Mailbox*> up_boxes_;  // worker i -> server, new ones after each restart
  std::vector<std::vector<sg4::Link*>> down_links_;
  FaultTally tally_;
};

}  // namespace

std::unique_ptr<RoundExchange> make_deadline_exchange(const ExchangeContext& context, const ServerLogic& logic,
                                                      const DeadlineSettings& settings) {
  return std::make_unique<DeadlineExchange>(context, logic, settings);
}

}  // namespace marina

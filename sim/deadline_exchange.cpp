// The exchange under faults (docs/faults.md). Every transfer of a round carries a deadline:
// the server waits until each participant's uplink arrived or failed, or the round timeout
// passed, then goes on with what it has. It remembers who missed a downlink (that worker
// gets a resync downlink next time), stops waiting for a worker after faults.drop_after
// missed rounds in a row, and takes it back when it asks to rejoin.
//
// Waiting is a wait_any loop over the round's open transfers: O(participants^2) per round,
// which is fine for the thousands of workers fault studies use.
#include <simgrid/Exception.hpp>
#include <simgrid/s4u.hpp>
#include <stdexcept>

#include "sim/envelopes.hpp"
#include "sim/round_exchange.hpp"

XBT_LOG_EXTERNAL_CATEGORY(marina);
XBT_LOG_NEW_DEFAULT_SUBCATEGORY(marina_faults, marina, "marina-sim: timeouts, lost messages, dropped workers");

namespace sg4 = simgrid::s4u;

namespace marina {
namespace {

bool settled(const sg4::CommPtr& c) {
  const auto s = c->get_state();
  return s == sg4::Activity::State::FINISHED || s == sg4::Activity::State::FAILED ||
         s == sg4::Activity::State::CANCELED;
}

bool arrived(const sg4::CommPtr& c) { return c->get_state() == sg4::Activity::State::FINISHED; }

// SimGrid 3.32 quirk (measured): a send that fails at once because its route is down stays
// in the mailbox, and the receive that later matches it reports FINISHED with no payload.
// So a receive counts only with its payload; the sender saw its send fail either way.
template <typename T>
bool received(const sg4::CommPtr& c, const T* payload) {
  return arrived(c) && payload != nullptr;
}

struct FaultTally {
  std::int64_t rounds_timed_out = 0;
  std::int64_t downlinks_missed = 0;  // a participant did not get the round's downlink
  std::int64_t uplinks_missed = 0;    // a contacted participant's uplink did not arrive
  std::int64_t uplinks_skipped = 0;   // a participant was dropped, so it was not contacted
  std::int64_t resyncs = 0;           // downlinks that carried the model to a worker that missed rounds
  std::int64_t drops = 0;             // times the server stopped waiting for a worker
  std::int64_t rejoins = 0;           // dropped workers taken back
  std::int64_t rejoin_requests = 0;
};

// One participant's two transfers this round.
struct Slot {
  int worker = 0;
  DownEnvelope* sent = nullptr;     // ours until the downlink arrives, then the worker's
  std::uint64_t down_bits = 0;
  UpEnvelope* received = nullptr;   // set by SimGrid when the uplink arrives
  sg4::CommPtr down, up;
};

class DeadlineExchange final : public RoundExchange {
 public:
  DeadlineExchange(const ExchangeContext& context, const ServerLogic& logic, const DeadlineSettings& settings)
      : c_(context),
        logic_(logic),
        settings_(settings),
        last_delivered_(context.boxes.down.size(), -1),
        misses_(context.boxes.down.size(), 0),
        dropped_(context.boxes.down.size(), 0),
        worker_missed_(context.boxes.down.size(), 0),
        worker_skipped_(context.boxes.down.size(), 0) {
    if (c_.boxes.rejoin != nullptr) listen_for_rejoins();
  }

  void exchange(const RoundPlan& plan, RoundTraffic& out) override {
    admit_rejoins();
    const std::int64_t round = plan.downlink->round;
    const double deadline = sg4::Engine::get_clock() + settings_.timeout_s;
    post(plan, round, deadline);
    const bool timed_out = slots_.empty() ? wait_for_rejoin(deadline) : wait_until(deadline);
    if (timed_out) {
      ++tally_.rounds_timed_out;
      XBT_VERB("round %ld timed out", static_cast<long>(round));
    }
    out.downlink_bits = 0;
    for (Slot& s : slots_) {
      if (!settled(s.down)) s.down->cancel();
      if (!settled(s.up)) s.up->cancel();
      settle(s, round, out);
    }
  }

  void finish() override {
    if (rejoin_ && !settled(rejoin_)) rejoin_->cancel();
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
    j["workers_rejoined"] = tally_.rejoins;
    j["rejoin_requests"] = tally_.rejoin_requests;
    nlohmann::json still = nlohmann::json::array(), per_worker = nlohmann::json::array();
    for (std::size_t w = 0; w < dropped_.size(); ++w) {
      if (dropped_[w]) still.push_back(w);
      per_worker.push_back({{"uplinks_missed", worker_missed_[w]}, {"uplinks_skipped_dropped", worker_skipped_[w]}});
    }
    j["dropped_at_end"] = still;
    j["per_worker"] = per_worker;
    return j;
  }

 private:
  // Takes back the dropped workers that asked; a request from a worker still counted on
  // (it restarted within the timeout, or heard nothing for a while) changes nothing.
  void admit_rejoins() {
    while (rejoin_) {
      try {
        if (!rejoin_->test()) return;
      } catch (const simgrid::Exception&) {
      }
      if (!received(rejoin_, request_)) {  // the request failed (its route went down)
        listen_for_rejoins();
        continue;
      }
      ++tally_.rejoin_requests;
      const auto w = static_cast<std::size_t>(request_->worker);
      if (dropped_[w]) {
        dropped_[w] = 0;
        misses_[w] = 0;
        ++tally_.rejoins;
        XBT_VERB("worker %zu rejoins", w);
      }
      listen_for_rejoins();
    }
  }

  void listen_for_rejoins() {
    request_ = nullptr;
    rejoin_ = c_.boxes.rejoin->get_async<RejoinRequest>(&request_);
  }

  void post(const RoundPlan& plan, std::int64_t round, double deadline) {
    slots_.clear();
    DownlinkPtr resync;  // built once per round, for whoever needs it
    for (const int w : plan.participants) {
      const auto i = static_cast<std::size_t>(w);
      if (dropped_[i]) {
        ++tally_.uplinks_skipped;
        ++worker_skipped_[i];
        continue;
      }
      DownlinkPtr downlink = plan.downlink;
      if (last_delivered_[i] != round - 1) {  // missed a downlink since it last heard from us
        if (!resync) resync = logic_.resync_downlink(plan.downlink);
        downlink = resync;
        if (resync != plan.downlink) ++tally_.resyncs;
      }
      Slot s;
      s.worker = w;
      s.down_bits = downlink->bits();
      s.sent = new DownEnvelope{downlink, deadline};
      slots_.push_back(s);
    }
    // Addresses of `received` are stable only once slots_ stops growing.
    for (Slot& s : slots_) {
      const auto i = static_cast<std::size_t>(s.worker);
      s.down = c_.boxes.down[i]->put_async(s.sent, simulated_bytes(s.down_bits));
      s.up = c_.boxes.up[i]->get_async<UpEnvelope>(&s.received);
    }
  }

  // Every participant is dropped: the round lasts until a rejoin request arrives or the
  // timeout passes, rather than no time at all. True when the timeout passed.
  bool wait_for_rejoin(double deadline) {
    const double left = deadline - sg4::Engine::get_clock();
    try {
      if (rejoin_) {
        rejoin_->wait_for(left);
        return false;
      }
    } catch (const simgrid::TimeoutException&) {
      return true;
    } catch (const simgrid::Exception&) {
      return false;  // the request failed; admit_rejoins listens again
    }
    sg4::this_actor::sleep_for(left);
    return true;
  }

  // True when the deadline passed with transfers still open.
  bool wait_until(double deadline) {
    std::vector<sg4::CommPtr> open;
    for (;;) {
      open.clear();
      for (Slot& s : slots_) {
        // A worker that did not get the downlink will not answer.
        if (settled(s.down) && !arrived(s.down) && !settled(s.up)) s.up->cancel();
        if (!settled(s.down)) open.push_back(s.down);
        if (!settled(s.up)) open.push_back(s.up);
      }
      if (open.empty()) return false;
      const double left = deadline - sg4::Engine::get_clock();
      if (left <= 0) return true;
      const std::size_t before = open.size();
      try {
        if (sg4::Comm::wait_any_for(open, left) < 0) return true;
      } catch (const simgrid::Exception& e) {
        // A transfer failed (a host or link went down); the states say which.
        XBT_DEBUG("a transfer failed: %s", e.what());
        std::size_t still_open = 0;
        for (const auto& c : open) still_open += settled(c) ? 0 : 1;
        if (still_open == before) throw std::logic_error("wait_any_for failed without a failed transfer");
      }
    }
  }

  void settle(Slot& s, std::int64_t round, RoundTraffic& out) {
    const auto i = static_cast<std::size_t>(s.worker);
    TimeUse& t = c_.accounting.worker(s.worker);
    if (arrived(s.down)) {
      last_delivered_[i] = round;
      *out.downlink_bits += s.down_bits;
      c_.accounting.add_transfer(simulated_bytes(s.down_bits), c_.down_routes[i]);
      t.comm_s += s.down->get_finish_time() - s.down->get_start_time();
      out.intervals.emplace_back(s.down->get_start_time(), s.down->get_finish_time());
    } else {
      delete s.sent;  // never reached the worker
      ++tally_.downlinks_missed;
    }
    if (!received(s.up, s.received)) {
      ++tally_.uplinks_missed;
      ++worker_missed_[i];
      if (settings_.drop_after > 0 && ++misses_[i] >= settings_.drop_after && !dropped_[i]) {
        dropped_[i] = 1;
        ++tally_.drops;
        XBT_VERB("worker %zu dropped after %d missed rounds", i, misses_[i]);
      }
      return;
    }
    std::unique_ptr<UpEnvelope> owned(s.received);
    if (owned->round != round)
      throw std::logic_error("an uplink of round " + std::to_string(owned->round) + " arrived in round " +
                             std::to_string(round));
    misses_[i] = 0;
    c_.accounting.add_transfer(simulated_bytes(owned->uplink.message.bits), c_.up_routes[i]);
    t.comm_s += s.up->get_finish_time() - s.up->get_start_time();
    out.intervals.emplace_back(s.up->get_start_time(), s.up->get_finish_time());
    t.compute_s += owned->compute_s;
    out.slowest_compute_s = std::max(out.slowest_compute_s, owned->compute_s);
    out.uplinks.push_back(std::move(owned->uplink));
  }

  ExchangeContext c_;
  const ServerLogic& logic_;
  DeadlineSettings settings_;
  std::vector<Slot> slots_;
  std::vector<std::int64_t> last_delivered_;
  std::vector<int> misses_;
  std::vector<char> dropped_;
  std::vector<std::int64_t> worker_missed_, worker_skipped_;
  sg4::CommPtr rejoin_;
  RejoinRequest* request_ = nullptr;
  FaultTally tally_;
};

}  // namespace

std::unique_ptr<RoundExchange> make_deadline_exchange(const ExchangeContext& context, const ServerLogic& logic,
                                                      const DeadlineSettings& settings) {
  return std::make_unique<DeadlineExchange>(context, logic, settings);
}

}  // namespace marina

#include "sim/engine/server_actor.hpp"

#include <algorithm>
#include <simgrid/s4u.hpp>

#include "sim/engine/round_exchange.hpp"
#include "sim/engine/server_keeper.hpp"
#include "sim/engine/server_recovery.hpp"
#include "sim/engine/simulation.hpp"
#include "sim/engine/wall_phases.hpp"

XBT_LOG_EXTERNAL_CATEGORY(marina);
XBT_LOG_NEW_DEFAULT_SUBCATEGORY(marina_server, marina, "marina-sim: the server actor's rounds");

namespace sg4 = simgrid::s4u;

namespace marina {
namespace {

// Tells the recovery when the server's actor dies with its host: the kill unwinds the
// actor's stack through this destructor, a normal end does not.
class DeathNotice {
 public:
  explicit DeathNotice(ServerRecovery* recovery) : recovery_(recovery) {}
  DeathNotice(const DeathNotice&) = delete;
  DeathNotice& operator=(const DeathNotice&) = delete;
  ~DeathNotice() {
    if (recovery_ != nullptr && !ended_) recovery_->went_down(sg4::Engine::get_clock());
  }
  void ended() { ended_ = true; }

 private:
  ServerRecovery* recovery_;
  bool ended_ = false;
};

}  // namespace

ServerActor::ServerActor(ServerSlot& slot, const Mailboxes& boxes, const Topology& topology, std::int64_t rounds,
                         RoundObserver& observer, NetworkAccounting& accounting, SimulationOutcome& outcome,
                         std::optional<DeadlineSettings> deadline, ParallelSteps* steps_ahead, TimelineLog* timeline)
    : slot_(slot),
      boxes_(boxes),
      topology_(topology),
      rounds_(rounds),
      observer_(observer),
      accounting_(accounting),
      outcome_(outcome),
      deadline_(deadline),
      steps_ahead_(steps_ahead),
      timeline_(timeline) {}

void ServerActor::first_start() {
  // Routes are fixed for the run: look each one up once (the platform is sealed now).
  for (sg4::Host* w : topology_.workers) {
    slot_.down_routes.push_back(accounting_.route(route_between(topology_.server, w)));
    slot_.up_routes.push_back(accounting_.route(route_between(w, topology_.server)));
  }
  const ExchangeContext context{boxes_, topology_, slot_.down_routes, slot_.up_routes, accounting_, steps_ahead_,
                                timeline_};
  if (deadline_) {
    slot_.exchange = make_deadline_exchange(context, **slot_.logic, *deadline_);
  } else {
    slot_.exchange = make_full_exchange(context);
  }
}

void ServerActor::operator()() {
  ServerSlot& s = slot_;
  if (s.finished) return;  // the host came back after the run: nothing left to do
  DeathNotice notice(s.recovery);
  std::optional<RoundTraffic> gathered;  // a restart's gathering of mirrored states
  if (!s.exchange) {
    first_start();
  } else {
    Resumption r = s.recovery->restart(*s.logic, s.rng, *s.exchange);
    s.next_round = r.next_round;
    gathered = std::move(r.gathered);
  }
  RoundExchange& exchange = *s.exchange;

  RoundTraffic traffic;
  for (std::int64_t k = s.next_round; k <= rounds_; ++k) {
    const double round_start = sg4::Engine::get_clock();
    ServerLogic& logic = **s.logic;
    const RoundPlan plan = logic.plan(k, s.rng);
    traffic.uplinks.clear();
    traffic.intervals.clear();
    traffic.slowest_compute_s = 0;
    traffic.downlink_bits.reset();
    exchange.exchange(plan, traffic);
    RoundReport report;
    report.round = k;
    report.plan = &plan;
    report.uplinks = traffic.uplinks;
    report.downlink_bits = traffic.downlink_bits;
    report.server_work = logic.aggregate(traffic.uplinks);
    const double aggregate_start = sg4::Engine::get_clock();
    charge_flops(report.server_work.flops);
    const double aggregate_s = sg4::Engine::get_clock() - aggregate_start;
    if (gathered) {  // what the restart's gathering cost is counted with its first round
      report.recovery_uplinks = gathered->uplinks;
      *report.downlink_bits += gathered->downlink_bits.value_or(0);
      traffic.intervals.insert(traffic.intervals.end(), gathered->intervals.begin(), gathered->intervals.end());
    }
    report.comm_time_s = union_length(traffic.intervals);
    const double rebuild_s = gathered ? gathered->slowest_compute_s : 0.0;  // the server's sum of the states
    report.compute_time_s = traffic.slowest_compute_s + aggregate_s + rebuild_s;
    accounting_.server().comm_s += report.comm_time_s;
    accounting_.server().compute_s += aggregate_s + rebuild_s;
    // The round is done once its checkpoint is written: a crash during the write redoes it.
    if (s.recovery != nullptr && k < rounds_) s.recovery->after_aggregate(k, logic, s.rng);
    report.sim_time = sg4::Engine::get_clock();
    if (timeline_ != nullptr) timeline_->round_ran(k, round_start, aggregate_start, report.sim_time);
    outcome_.last_round = k;
    s.next_round = k + 1;
    XBT_VERB("round %ld done at %.9f s", static_cast<long>(k), report.sim_time);
    if (k == 0) note_phase("round 0");
    if (s.recovery != nullptr) {
      s.recovery->round_completed(k);
      s.last_iterate = logic.iterate();
    }
    const bool go_on = observer_.on_round(report, logic.iterate());
    gathered.reset();
    if (!go_on) break;
  }
  note_phase("last round");
  s.finished = true;
  notice.ended();
  if (s.keeper != nullptr) s.keeper->server_finished();
  outcome_.end_time_s = sg4::Engine::get_clock();
}

}  // namespace marina

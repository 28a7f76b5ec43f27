#include "sim/engine/server_actor.hpp"

#include <algorithm>
#include <simgrid/s4u.hpp>

#include "methods/common/rng.hpp"
#include "sim/engine/round_exchange.hpp"
#include "sim/engine/simulation.hpp"
#include "sim/engine/wall_phases.hpp"

XBT_LOG_EXTERNAL_CATEGORY(marina);
XBT_LOG_NEW_DEFAULT_SUBCATEGORY(marina_server, marina, "marina-sim: the server actor's rounds");

namespace sg4 = simgrid::s4u;

namespace marina {

ServerActor::ServerActor(ServerLogic& logic, const Mailboxes& boxes, const Topology& topology, std::int64_t rounds,
                         std::uint64_t seed, RoundObserver& observer, NetworkAccounting& accounting,
                         SimulationOutcome& outcome, std::optional<DeadlineSettings> deadline,
                         ParallelSteps* steps_ahead, TimelineLog* timeline)
    : logic_(logic),
      boxes_(boxes),
      topology_(topology),
      rounds_(rounds),
      seed_(seed),
      observer_(observer),
      accounting_(accounting),
      outcome_(outcome),
      deadline_(deadline),
      steps_ahead_(steps_ahead),
      timeline_(timeline) {}

void ServerActor::operator()() {
  // Routes are fixed for the run: look each one up once (the platform is sealed now).
  std::vector<LinkIds> down_routes, up_routes;
  for (sg4::Host* w : topology_.workers) {
    down_routes.push_back(accounting_.route(route_between(topology_.server, w)));
    up_routes.push_back(accounting_.route(route_between(w, topology_.server)));
  }
  const ExchangeContext context{boxes_, topology_, down_routes, up_routes, accounting_, steps_ahead_, timeline_};
  std::unique_ptr<RoundExchange> exchange;
  if (deadline_) {
    exchange = make_deadline_exchange(context, logic_, *deadline_);
  } else {
    exchange = make_full_exchange(context);
  }

  Rng rng = make_rng(seed_, StreamRole::server);
  RoundTraffic traffic;
  for (std::int64_t k = 0; k <= rounds_; ++k) {
    const double round_start = sg4::Engine::get_clock();
    const RoundPlan plan = logic_.plan(k, rng);
    traffic.uplinks.clear();
    traffic.intervals.clear();
    traffic.slowest_compute_s = 0;
    traffic.downlink_bits.reset();
    exchange->exchange(plan, traffic);
    RoundReport report;
    report.round = k;
    report.plan = &plan;
    report.uplinks = traffic.uplinks;
    report.downlink_bits = traffic.downlink_bits;
    report.server_work = logic_.aggregate(traffic.uplinks);
    const double aggregate_start = sg4::Engine::get_clock();
    charge_flops(report.server_work.flops);
    const double aggregate_s = sg4::Engine::get_clock() - aggregate_start;
    report.comm_time_s = union_length(traffic.intervals);
    report.compute_time_s = traffic.slowest_compute_s + aggregate_s;
    accounting_.server().comm_s += report.comm_time_s;
    accounting_.server().compute_s += aggregate_s;
    report.sim_time = sg4::Engine::get_clock();
    if (timeline_ != nullptr) timeline_->round_ran(k, round_start, aggregate_start, report.sim_time);
    outcome_.last_round = k;
    XBT_VERB("round %ld done at %.9f s", static_cast<long>(k), report.sim_time);
    if (k == 0) note_phase("round 0");
    if (!observer_.on_round(report, logic_.iterate())) break;
  }
  note_phase("last round");
  outcome_.end_time_s = sg4::Engine::get_clock();
  outcome_.faults = exchange->faults_json();
}

}  // namespace marina

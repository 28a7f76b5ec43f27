#include "sim/simulation.hpp"

#include <algorithm>
#include <filesystem>
#include <memory>
#include <simgrid/s4u.hpp>

#include "methods/common/input_error.hpp"
#include "methods/common/rng.hpp"
#include "sim/envelopes.hpp"
#include "sim/network_accounting.hpp"

XBT_LOG_NEW_DEFAULT_CATEGORY(marina, "marina-sim: rounds, messages and actors");

namespace sg4 = simgrid::s4u;

namespace marina {

namespace {

struct Mailboxes {
  std::vector<sg4::Mailbox*> down;  // server -> worker i
  std::vector<sg4::Mailbox*> up;    // worker i -> server
};

using Route = std::vector<std::pair<std::string, double>>;  // link names and bandwidths

Route route_between(sg4::Host* from, sg4::Host* to) {
  std::vector<sg4::Link*> links;
  double latency = 0;
  from->route_to(to, links, &latency);
  Route r;
  for (const sg4::Link* l : links) r.emplace_back(l->get_name(), l->get_bandwidth());
  return r;
}

struct Topology {
  sg4::Host* server = nullptr;
  std::vector<sg4::Host*> workers;
};

// The server: plan, one transfer per participant each way, aggregate, record.
class ServerActor {
 public:
  ServerActor(ServerLogic& logic, const Mailboxes& boxes, const Topology& topology, std::int64_t rounds,
              std::uint64_t seed, RoundObserver& observer, NetworkAccounting& accounting, SimulationOutcome& outcome)
      : logic_(logic), boxes_(boxes), topology_(topology), rounds_(rounds), rng_(make_rng(seed, StreamRole::server)),
        observer_(observer), accounting_(accounting), outcome_(outcome) {}

  void operator()() {
    // Routes are fixed for the run: look each one up once (the platform is sealed now).
    for (sg4::Host* w : topology_.workers) {
      down_routes_.push_back(route_between(topology_.server, w));
      up_routes_.push_back(route_between(w, topology_.server));
    }
    std::vector<sg4::CommPtr> down_comms, up_comms;
    std::vector<std::pair<double, double>> intervals;
    std::vector<sg4::CommPtr> comms;
    std::vector<UpEnvelope*> received;
    std::vector<Uplink> uplinks;
    for (std::int64_t k = 0; k <= rounds_; ++k) {
      const RoundPlan plan = logic_.plan(k, rng_);
      const std::uint64_t down_bytes = simulated_bytes(plan.downlink->bits());
      comms.clear();
      down_comms.clear();
      up_comms.clear();
      received.assign(plan.participants.size(), nullptr);
      // Receives are posted together with the sends: a SimGrid transfer starts only when
      // both ends are posted, and a late receive would add idle time that is not there.
      for (std::size_t j = 0; j < plan.participants.size(); ++j) {
        const auto w = static_cast<std::size_t>(plan.participants[j]);
        down_comms.push_back(boxes_.down[w]->put_async(new DownEnvelope{plan.downlink}, down_bytes));
        up_comms.push_back(boxes_.up[w]->get_async<UpEnvelope>(&received[j]));
        comms.push_back(down_comms.back());
        comms.push_back(up_comms.back());
        accounting_.add_transfer(down_bytes, down_routes_[w]);
      }
      sg4::Comm::wait_all(comms);
      uplinks.clear();
      intervals.clear();
      double slowest_compute = 0;
      for (std::size_t j = 0; j < received.size(); ++j) {
        std::unique_ptr<UpEnvelope> owned(received[j]);
        const auto w = static_cast<std::size_t>(plan.participants[j]);
        const std::uint64_t up_bytes = simulated_bytes(owned->uplink.message.bits);
        accounting_.add_transfer(up_bytes, up_routes_[w]);
        TimeUse& t = accounting_.worker(static_cast<int>(w));
        for (const auto& c : {down_comms[j], up_comms[j]}) {
          t.comm_s += c->get_finish_time() - c->get_start_time();
          intervals.emplace_back(c->get_start_time(), c->get_finish_time());
        }
        t.compute_s += owned->compute_s;
        slowest_compute = std::max(slowest_compute, owned->compute_s);
        uplinks.push_back(std::move(owned->uplink));
      }
      RoundReport report;
      report.round = k;
      report.plan = &plan;
      report.uplinks = uplinks;
      report.server_work = logic_.aggregate(uplinks);
      const double aggregate_start = sg4::Engine::get_clock();
      if (report.server_work.flops > 0) sg4::this_actor::execute(report.server_work.flops);
      const double aggregate_s = sg4::Engine::get_clock() - aggregate_start;
      report.comm_time_s = union_length(intervals);
      report.compute_time_s = slowest_compute + aggregate_s;
      accounting_.server().comm_s += report.comm_time_s;
      accounting_.server().compute_s += aggregate_s;
      report.sim_time = sg4::Engine::get_clock();
      outcome_.last_round = k;
      XBT_VERB("round %ld done at %.9f s", static_cast<long>(k), report.sim_time);
      if (!observer_.on_round(report, logic_.iterate())) break;
    }
    outcome_.end_time_s = sg4::Engine::get_clock();
  }

 private:
  ServerLogic& logic_;
  const Mailboxes& boxes_;
  const Topology& topology_;
  std::int64_t rounds_;
  Rng rng_;
  RoundObserver& observer_;
  NetworkAccounting& accounting_;
  SimulationOutcome& outcome_;
  std::vector<Route> down_routes_, up_routes_;
};

// A worker: receive the downlink, step, pay for the computation, send the uplink.
class WorkerActor {
 public:
  WorkerActor(WorkerLogic& logic, sg4::Mailbox* down, sg4::Mailbox* up, Rng rng)
      : logic_(logic), down_(down), up_(up), rng_(rng) {}

  void operator()() {
    for (;;) {
      const auto envelope = down_->get_unique<DownEnvelope>();
      Uplink uplink = logic_.step(*envelope->downlink, rng_);
      const double start = sg4::Engine::get_clock();
      if (uplink.work.flops > 0) sg4::this_actor::execute(uplink.work.flops);
      const double compute_s = sg4::Engine::get_clock() - start;
      const std::uint64_t bytes = simulated_bytes(uplink.message.bits);
      up_->put(new UpEnvelope{std::move(uplink), compute_s}, bytes);
    }
  }

 private:
  WorkerLogic& logic_;
  sg4::Mailbox* down_;
  sg4::Mailbox* up_;
  Rng rng_;
};

sg4::Host* require_host(const sg4::Engine& engine, const NetworkSetup& setup, const std::string& name,
                        const std::string& role_key) {
  sg4::Host* h = engine.host_by_name_or_null(name);
  if (h == nullptr)
    throw InputError(setup.platform_file, "the platform has no host '" + name + "' (named by " + role_key + ")");
  return h;
}

}  // namespace

std::vector<std::string> resolve_worker_hosts(const sg4::Engine& engine, const RoleMapping& roles) {
  if (!roles.all_but_server) return roles.workers;
  std::vector<std::string> names;
  for (const sg4::Host* h : engine.get_all_hosts()) names.push_back(h->get_name());
  try {
    return all_hosts_but(std::move(names), roles.server, roles.expected_workers);
  } catch (const std::invalid_argument& e) {
    throw InputError("", e.what());
  }
}

SimulationOutcome run_simulation(MethodInstance& method, const NetworkSetup& setup, std::int64_t rounds,
                                 std::uint64_t seed, RoundObserver& observer) {
  if (!std::filesystem::is_regular_file(setup.platform_file))
    throw InputError(setup.platform_file, "platform file not found");

  std::vector<std::string> args{"marina-sim"};
  args.insert(args.end(), setup.simgrid_args.begin(), setup.simgrid_args.end());
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  int argc = static_cast<int>(args.size());
  sg4::Engine engine(&argc, argv.data());
  if (argc > 1) throw InputError("", std::string("unknown SimGrid option '") + argv[1] + "'");

  engine.load_platform(setup.platform_file);

  sg4::Host* server_host = require_host(engine, setup, setup.roles.server, "platform.server");
  std::vector<sg4::Host*> worker_hosts;
  const std::vector<std::string> worker_names = resolve_worker_hosts(engine, setup.roles);
  for (const auto& name : worker_names)
    worker_hosts.push_back(require_host(engine, setup, name, "platform.workers"));

  Mailboxes boxes;
  for (std::size_t i = 0; i < worker_hosts.size(); ++i) {
    boxes.down.push_back(sg4::Mailbox::by_name("down-" + std::to_string(i)));
    boxes.up.push_back(sg4::Mailbox::by_name("up-" + std::to_string(i)));
  }

  SimulationOutcome outcome;
  const Topology topology{server_host, worker_hosts};
  NetworkAccounting accounting(static_cast<int>(worker_hosts.size()));
  sg4::Actor::create("server", server_host,
                     ServerActor(*method.server, boxes, topology, rounds, seed, observer, accounting, outcome));
  for (std::size_t i = 0; i < worker_hosts.size(); ++i) {
    // Workers are daemons: they end when the server, the last regular actor, is done.
    sg4::Actor::create("worker-" + std::to_string(i), worker_hosts[i],
                       WorkerActor(*method.workers[i], boxes.down[i], boxes.up[i],
                                   make_rng(seed, StreamRole::worker, i)))
        ->daemonize();
  }
  engine.run();
  outcome.network = accounting.to_json(outcome.end_time_s, setup.roles.server, worker_names);
  return outcome;
}

}  // namespace marina

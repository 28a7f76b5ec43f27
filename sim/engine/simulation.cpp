#include "sim/engine/simulation.hpp"

#include <algorithm>
#include <limits>
#include <memory>
#include <simgrid/s4u.hpp>
#include <unordered_map>

#include "methods/common/input_error.hpp"
#include "methods/common/rng.hpp"
#include "sim/engine/actor_plumbing.hpp"
#include "methods/common/thread_pool.hpp"
#include "sim/engine/fault_injection.hpp"
#include "sim/engine/power_properties.hpp"
#include "sim/engine/round_timeout.hpp"
#include "sim/engine/server_actor.hpp"
#include "sim/engine/server_keeper.hpp"
#include "sim/engine/server_recovery.hpp"
#include "sim/engine/wall_phases.hpp"
#include "sim/engine/wifi_stations.hpp"
#include "sim/engine/worker_actor.hpp"

XBT_LOG_NEW_DEFAULT_CATEGORY(marina, "marina-sim: rounds, messages and actors");

namespace sg4 = simgrid::s4u;

namespace marina {

namespace {

// Each worker's latency, narrowest link and speed, for the default round timeout.
std::vector<WorkerPath> worker_paths(const Topology& topology) {
  std::vector<WorkerPath> paths;
  for (sg4::Host* w : topology.workers) {
    WorkerPath p;
    p.speed_flops = w->get_speed();
    p.bandwidth_Bps = std::numeric_limits<double>::infinity();
    for (const auto& [from, to] : {std::pair{topology.server, w}, std::pair{w, topology.server}}) {
      std::vector<sg4::Link*> links;
      double latency = 0;
      from->route_to(to, links, &latency);
      p.latency_s = std::max(p.latency_s, latency);
      for (const sg4::Link* l : links)  // a WIFI link's rate is unknown here: the wired bottleneck stands in
        if (const double bw = known_bandwidth_Bps(l); bw > 0) p.bandwidth_Bps = std::min(p.bandwidth_Bps, bw);
    }
    paths.push_back(p);
  }
  return paths;
}

DeadlineSettings deadline_settings(const NetworkSetup& setup, const Topology& topology) {
  const FaultPlan& f = setup.faults;
  double timeout = f.round_timeout.value;
  if (f.round_timeout.is_keyword)
    timeout = f.round_timeout.resolve(
        auto_round_timeout(worker_paths(topology), setup.dense_message_bytes, setup.gradient_flops));
  if (!(timeout > 0))
    throw InputError("", "faults.round_timeout = \"auto\" comes to 0 s on this platform (set it in seconds)");
  return DeadlineSettings{timeout, f.round_timeout.is_keyword, f.drop_after};
}

// The run's hosts and, per worker, its routes to and from the server; energy stays off (null)
// when none of them has power under "auto", and is an error under "on". The links are metered
// from the traffic when every transfer ends complete (no faults) and no bandwidth changes.
void attach_energy_meter(LoadedPlatform& p, const NetworkSetup& setup) {
  std::vector<sg4::Host*> hosts{p.server};
  std::vector<MeteredRoute> routes;
  for (sg4::Host* w : p.workers) {
    hosts.push_back(w);
    routes.push_back({links_between(p.server, w), links_between(w, p.server)});
  }
  const bool traffic_allowed = !setup.faults.active() && !platform_may_vary_bandwidth(setup.platform_file);
  try {
    p.energy = std::make_unique<EnergyMeter>(*p.engine, hosts, routes, traffic_allowed);
  } catch (const std::invalid_argument& e) {
    throw InputError(setup.platform_file, e.what());
  }
  if (p.energy->powered()) return;
  p.energy.reset();
  if (setup.energy == EnergyMode::on)
    throw InputError(setup.platform_file,
                     "run.energy = \"on\" but no host or link of the run has power (host property wattage_per_state, "
                     "link or zone property wattage_range; see docs/energy.md)");
}

// run.timeline's down spans: every host of the run turning off or on, on the simulated clock.
void watch_host_states(TimelineLog& log, const Topology& topology) {
  std::unordered_map<const sg4::Host*, int> index{{topology.server, kServerHost}};
  for (std::size_t i = 0; i < topology.workers.size(); ++i) index.emplace(topology.workers[i], static_cast<int>(i));
  sg4::Host::on_state_change_cb([&log, index](const sg4::Host& h) {
    if (const auto it = index.find(&h); it != index.end()) log.host_turned(it->second, h.is_on(), sg4::Engine::get_clock());
  });
}

// Ends the workers from the server's actor, one kill at a time, at the simulated instant the
// server is done. SimGrid 3.32 would kill the daemons left itself once the server ends, but it
// looks each victim up in its list of actors to run, which that loop grows by one per kill: O(n^2),
// 44% of the 2.3 s it took at 100,000 workers (docs/performance.md "A million clients"). Killed
// from an actor, each victim is scheduled on its own and the list stays short. A worker already
// dead (crashed, or restarted as a new actor) is ignored; SimGrid ends any other daemon as before.
void end_workers(const std::vector<sg4::ActorPtr>& workers) {
  for (const sg4::ActorPtr& w : workers) w->kill();
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

LoadedPlatform::LoadedPlatform() = default;
LoadedPlatform::LoadedPlatform(LoadedPlatform&&) noexcept = default;
LoadedPlatform& LoadedPlatform::operator=(LoadedPlatform&&) noexcept = default;
LoadedPlatform::~LoadedPlatform() = default;

LoadedPlatform load_platform(const NetworkSetup& setup, const std::vector<std::string>& extra_simgrid_args) {
  std::vector<std::string> args{"marina-sim"};
  args.insert(args.end(), setup.simgrid_args.begin(), setup.simgrid_args.end());
  args.insert(args.end(), extra_simgrid_args.begin(), extra_simgrid_args.end());
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  int argc = static_cast<int>(args.size());
  LoadedPlatform p;
  p.engine = std::make_unique<sg4::Engine>(&argc, argv.data());
  if (argc > 1) throw InputError("", std::string("unknown SimGrid option '") + argv[1] + "'");

  install_fault_profiles(setup.faults);  // profiles attach as the platform's resources are created
  p.engine->load_platform(setup.platform_file);
  refuse_legacy_link_power(setup.platform_file);
  p.engine->seal_platform();

  const auto host = [&](const std::string& name, const std::string& role_key) {
    sg4::Host* h = p.engine->host_by_name_or_null(name);
    if (h == nullptr)
      throw InputError(setup.platform_file, "the platform has no host '" + name + "' (named by " + role_key + ")");
    return h;
  };
  p.server = host(setup.roles.server, "platform.server");
  p.worker_names = resolve_worker_hosts(*p.engine, setup.roles);
  for (const auto& name : p.worker_names) p.workers.push_back(host(name, "platform.workers"));
  attach_wifi_stations(*p.engine, setup.platform_file, p.server, p.workers);
  return p;
}

SimulationOutcome run_simulation(LoadedPlatform& platform, MethodInstance& method, const NetworkSetup& setup,
                                 std::int64_t rounds, std::uint64_t seed, RoundObserver& observer) {
  if (energy_wanted(setup.energy, setup.platform_file)) attach_energy_meter(platform, setup);
  const sg4::Engine& engine = *platform.engine;
  sg4::Host* server_host = platform.server;
  const std::vector<sg4::Host*>& worker_hosts = platform.workers;
  const std::vector<std::string>& worker_names = platform.worker_names;
  check_fault_targets(engine, setup.faults, setup.roles.server, worker_names);
  schedule_link_outages(engine, setup.faults);

  const bool faults = setup.faults.active();
  const Topology topology{server_host, worker_hosts};
  std::optional<DeadlineSettings> deadline;
  if (faults) deadline = deadline_settings(setup, topology);

  Mailboxes boxes;
  for (std::size_t i = 0; i < worker_hosts.size(); ++i) {
    boxes.down.push_back(sg4::Mailbox::by_name("down-" + std::to_string(i)));
    boxes.up.push_back(sg4::Mailbox::by_name("up-" + std::to_string(i)));
    if (platform.energy) {  // worker i's transfers load its routes (attach_energy_meter's routes[i])
      platform.energy->watch_mailbox(boxes.down[i], i, true);
      platform.energy->watch_mailbox(boxes.up[i], i, false);
    }
  }

  if (platform.energy && setup.energy_gauge)
    setup.energy_gauge->connect([meter = platform.energy.get()] { return meter->total_j(); });

  SimulationOutcome outcome;
  if (setup.timeline) {
    outcome.timeline = std::make_unique<TimelineLog>(*setup.timeline, static_cast<int>(worker_hosts.size()));
    outcome.timeline->name_hosts(setup.roles.server, worker_names);
    watch_host_states(*outcome.timeline, topology);
  }
  NetworkAccounting accounting(static_cast<int>(worker_hosts.size()));
  // Worker state outlives the actors: a crashed worker restarts from a copy of its functor.
  std::vector<WorkerSlot> slots(worker_hosts.size());
  // Under faults a downlink may be lost or replaced by a resync, so steps stay in the actors.
  std::unique_ptr<ThreadPool> pool;
  std::unique_ptr<ParallelSteps> steps_ahead;
  if (setup.threads > 1 && !faults) {
    pool = std::make_unique<ThreadPool>(setup.threads);
    std::vector<Rng*> rngs;
    for (WorkerSlot& s : slots) rngs.push_back(&s.rng);
    steps_ahead = std::make_unique<ParallelSteps>(method, std::move(rngs), *pool);
  }
  // The server's state outlives its actor too; it may crash only under faults.
  ServerSlot server;
  server.logic = &method.server;
  server.rng = make_rng(seed, StreamRole::server);
  std::unique_ptr<ServerRecovery> recovery;
  std::unique_ptr<ServerKeeper> keeper;
  if (faults && setup.faults.crashes_host(setup.roles.server)) {
    const std::string& storage = setup.faults.checkpoints.host;
    recovery = std::make_unique<ServerRecovery>(
        *method.server, seed, setup.faults.checkpoints, server_host,
        storage.empty() ? nullptr : engine.host_by_name_or_null(storage), accounting,
        static_cast<int>(worker_hosts.size()));
    keeper = std::make_unique<ServerKeeper>(engine, setup.faults, server_host);
    server.recovery = recovery.get();
    server.keeper = keeper.get();
  }
  std::vector<sg4::ActorPtr> workers;
  sg4::ActorPtr server_actor =
      sg4::Actor::create("server", server_host,
                         [actor = ServerActor(server, boxes, topology, rounds, observer, accounting, outcome, deadline,
                                               steps_ahead.get(), outcome.timeline.get()),
                          &workers]() mutable {
                           actor();
                           end_workers(workers);
                         });
  // SimGrid starts a copy of the functor when the host is back: it carries on from `server`.
  if (recovery) server_actor->set_auto_restart(true);
  for (std::size_t i = 0; i < worker_hosts.size(); ++i) {
    WorkerSlot& s = slots[i];
    s.index = static_cast<int>(i);
    s.logic = method.workers[i].get();
    s.rng = make_rng(seed, StreamRole::worker, i);
    s.down = boxes.down[i];
    s.up = boxes.up[i];
    s.faults = faults;
    s.steps_ahead = steps_ahead.get();
    s.timeline = outcome.timeline.get();
    if (faults) s.up_links = links_between(worker_hosts[i], server_host);
    // Workers are daemons: they end when the server, the last regular actor, is done.
    sg4::ActorPtr actor = sg4::Actor::create("worker-" + std::to_string(i), worker_hosts[i], WorkerActor(&s));
    actor->daemonize();
    if (faults) actor->set_auto_restart(true);  // after daemonize, so the restarted actor is a daemon too
    workers.push_back(std::move(actor));
  }
  note_phase("actors created");
  platform.engine->run();
  note_phase("engine stopped");
  if (server.exchange) outcome.faults = server.exchange->faults_json();
  if (recovery) {
    outcome.faults["server"] = recovery->to_json();
    if (recovery->down()) {  // down for good: the run ends where the server did
      outcome.server_lost = {{"round", recovery->last_completed() >= 0 ? nlohmann::json(recovery->last_completed())
                                                                         : nlohmann::json(nullptr)},
                             {"sim_time_s", recovery->down_since()}};
      outcome.end_time_s = recovery->down_since();
      if (server.last_iterate) observer.on_cut_short(*server.last_iterate);
    }
  }
  outcome.network = accounting.to_json(outcome.end_time_s, setup.roles.server, worker_names);
  note_phase("network accounting");
  if (platform.energy) outcome.energy = platform.energy->to_json();
  if (setup.energy_gauge) setup.energy_gauge->connect(nullptr);
  return outcome;
}

}  // namespace marina

#include "sim/simulation.hpp"

#include <filesystem>
#include <memory>
#include <simgrid/s4u.hpp>

#include "methods/common/input_error.hpp"
#include "methods/common/rng.hpp"
#include "sim/envelopes.hpp"

XBT_LOG_NEW_DEFAULT_CATEGORY(marina, "marina-sim: rounds, messages and actors");

namespace sg4 = simgrid::s4u;

namespace marina {

namespace {

struct Mailboxes {
  std::vector<sg4::Mailbox*> down;  // server -> worker i
  std::vector<sg4::Mailbox*> up;    // worker i -> server
};

// The server: plan, one transfer per participant each way, aggregate, record.
class ServerActor {
 public:
  ServerActor(ServerLogic& logic, const Mailboxes& boxes, std::int64_t rounds, std::uint64_t seed,
              RoundObserver& observer, SimulationOutcome& outcome)
      : logic_(logic), boxes_(boxes), rounds_(rounds), rng_(make_rng(seed, StreamRole::server)),
        observer_(observer), outcome_(outcome) {}

  void operator()() {
    std::vector<sg4::CommPtr> comms;
    std::vector<UpEnvelope*> received;
    std::vector<Uplink> uplinks;
    for (std::int64_t k = 0; k <= rounds_; ++k) {
      const RoundPlan plan = logic_.plan(k, rng_);
      const std::uint64_t down_bytes = simulated_bytes(plan.downlink->bits());
      comms.clear();
      received.assign(plan.participants.size(), nullptr);
      // Receives are posted together with the sends: a SimGrid transfer starts only when
      // both ends are posted, and a late receive would add idle time that is not there.
      for (std::size_t j = 0; j < plan.participants.size(); ++j) {
        const auto w = static_cast<std::size_t>(plan.participants[j]);
        comms.push_back(boxes_.down[w]->put_async(new DownEnvelope{plan.downlink}, down_bytes));
        comms.push_back(boxes_.up[w]->get_async<UpEnvelope>(&received[j]));
      }
      sg4::Comm::wait_all(comms);
      uplinks.clear();
      for (UpEnvelope* e : received) {
        std::unique_ptr<UpEnvelope> owned(e);
        uplinks.push_back(std::move(owned->uplink));
      }
      RoundReport report;
      report.round = k;
      report.plan = &plan;
      report.uplinks = uplinks;
      report.server_work = logic_.aggregate(uplinks);
      if (report.server_work.flops > 0) sg4::this_actor::execute(report.server_work.flops);
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
  std::int64_t rounds_;
  Rng rng_;
  RoundObserver& observer_;
  SimulationOutcome& outcome_;
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
      if (uplink.work.flops > 0) sg4::this_actor::execute(uplink.work.flops);
      const std::uint64_t bytes = simulated_bytes(uplink.message.bits);
      up_->put(new UpEnvelope{std::move(uplink)}, bytes);
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
  for (const auto& name : setup.roles.workers)
    worker_hosts.push_back(require_host(engine, setup, name, "platform.workers"));

  Mailboxes boxes;
  for (std::size_t i = 0; i < worker_hosts.size(); ++i) {
    boxes.down.push_back(sg4::Mailbox::by_name("down-" + std::to_string(i)));
    boxes.up.push_back(sg4::Mailbox::by_name("up-" + std::to_string(i)));
  }

  SimulationOutcome outcome;
  sg4::Actor::create("server", server_host,
                     ServerActor(*method.server, boxes, rounds, seed, observer, outcome));
  for (std::size_t i = 0; i < worker_hosts.size(); ++i) {
    // Workers are daemons: they end when the server, the last regular actor, is done.
    sg4::Actor::create("worker-" + std::to_string(i), worker_hosts[i],
                       WorkerActor(*method.workers[i], boxes.down[i], boxes.up[i],
                                   make_rng(seed, StreamRole::worker, i)))
        ->daemonize();
  }
  engine.run();
  return outcome;
}

}  // namespace marina

// What one full-participation round costs SimGrid 3.32 itself, with none of marina-sim's code:
// the floor under "a million clients" (issue 19, docs/performance.md "A million clients").
//   build/simgrid_round_cost PLATFORM N SHAPE [BYTES [LEVELS [FLOPS]]] [--cfg=...]
// PLATFORM: a star from `marina-sim platform star -n N` (hosts "server", "worker-0".."worker-N-1").
// BYTES per message (default 1,000); worker i computes FLOPS x (1 + i mod LEVELS) flops (defaults
// 21 and 1e5). `42 36 100` is PP-MARINA's round 0 in docs/performance.md "Many workers" (84-byte
// models and gradients of d = 21 at f32, 36 distinct gradient costs of 102..361 flops).
// SHAPE, each one round posted by helper actors of 32 participants (as sim/engine/fan_out does):
//   down          the server sends each worker BYTES; worker actors only receive
//   down-compute  ... and each worker then computes its flops
//   down-up       ... and answers at once with BYTES (every answer starts together)
//   round         down, compute, up: marina-sim's round, answers starting at LEVELS different times
//   round-direct  the same round with no worker actors: helpers start host-to-host transfers
//                 (Comm::sendto_async) and remote executions (exec_init()->set_host) per
//                 participant, one wait_any loop per helper
// Prints the wall seconds to create the actors and to run the round, the simulated end, and
// the sum of the workers' finishing times (equal sums: the shapes simulate the same times).
#include <simgrid/s4u.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace sg4 = simgrid::s4u;

namespace {

enum class Shape { down, down_compute, down_up, round, round_direct };

std::uint64_t kBytes = 1000;
std::size_t kLevels = 21;
double kFlops = 1e5;
constexpr int kPerHelper = 32;

struct Setup {
  Shape shape = Shape::round;
  sg4::Host* server = nullptr;
  std::vector<sg4::Host*> workers;
  std::vector<sg4::Mailbox*> down, up;
  std::vector<double> finished;  // per worker: when its part of the round ended
};
Setup setup;

double flops_of(std::size_t i) { return kFlops * static_cast<double>(1 + i % kLevels); }

void worker(std::size_t i) {
  auto* token = setup.down[i]->get<int>();
  if (setup.shape == Shape::down) {
    delete token;
    return;
  }
  if (setup.shape != Shape::down_up) sg4::this_actor::execute(flops_of(i));
  if (setup.shape == Shape::down_compute) {
    setup.finished[i] = sg4::Engine::get_clock();
    delete token;
    return;
  }
  setup.up[i]->put(token, kBytes);
}

// Participants [from, to) through worker actors.
void post_to_actors(std::size_t from, std::size_t to) {
  std::vector<sg4::CommPtr> comms;
  std::vector<int*> answers(to - from, nullptr);
  const bool answered = setup.shape == Shape::down_up || setup.shape == Shape::round;
  for (std::size_t i = from; i < to; ++i) {
    comms.push_back(setup.down[i]->put_async(new int(0), kBytes));
    if (answered) comms.push_back(setup.up[i]->get_async<int>(&answers[i - from]));
  }
  sg4::Comm::wait_all(comms);
  for (std::size_t i = from; i < to; ++i) {
    if (setup.shape == Shape::down) setup.finished[i] = comms[i - from]->get_finish_time();
    if (answered) setup.finished[i] = comms[2 * (i - from) + 1]->get_finish_time();
    delete answers[i - from];
  }
}

// Participants [from, to) with no actor on the workers: down, compute, up as activities.
void post_directly(std::size_t from, std::size_t to) {
  std::vector<sg4::ActivityPtr> open;
  std::vector<std::size_t> who;
  std::vector<int> stage(to - from, 0);
  for (std::size_t i = from; i < to; ++i) {
    open.push_back(sg4::Comm::sendto_async(setup.server, setup.workers[i], kBytes));
    who.push_back(i);
  }
  while (!open.empty()) {
    const auto k = static_cast<std::size_t>(sg4::Activity::wait_any(open));
    const std::size_t i = who[k];
    if (stage[i - from] == 0) {
      open[k] = sg4::this_actor::exec_init(flops_of(i))->set_host(setup.workers[i])->start();
    } else if (stage[i - from] == 1) {
      open[k] = sg4::Comm::sendto_async(setup.workers[i], setup.server, kBytes);
    } else {
      setup.finished[i] = sg4::Engine::get_clock();
      open.erase(open.begin() + static_cast<long>(k));
      who.erase(who.begin() + static_cast<long>(k));
      continue;
    }
    ++stage[i - from];
  }
}

void server() {
  const std::size_t n = setup.workers.size();
  const std::size_t helpers = (n + kPerHelper - 1) / kPerHelper;
  const sg4::BarrierPtr done = sg4::Barrier::create(static_cast<unsigned>(helpers + 1));
  for (std::size_t h = 0; h < helpers; ++h) {
    const std::size_t from = h * kPerHelper, to = std::min(n, from + kPerHelper);
    sg4::Actor::create("helper", setup.server, [from, to, done] {
      if (setup.shape == Shape::round_direct) post_directly(from, to);
      else post_to_actors(from, to);
      done->wait();
    });
  }
  done->wait();
}

bool parse_shape(const char* text, Shape& shape) {
  const std::pair<const char*, Shape> names[] = {{"down", Shape::down},
                                                {"down-compute", Shape::down_compute},
                                                {"down-up", Shape::down_up},
                                                {"round", Shape::round},
                                                {"round-direct", Shape::round_direct}};
  for (const auto& [name, value] : names)
    if (std::strcmp(text, name) == 0) {
      shape = value;
      return true;
    }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  sg4::Engine engine(&argc, argv);
  if (argc < 4 || argc > 7 || !parse_shape(argv[3], setup.shape)) {
    std::fprintf(stderr,
                 "usage: simgrid_round_cost PLATFORM N down|down-compute|down-up|round|round-direct [BYTES [LEVELS "
                 "[FLOPS]]]\n");
    return 2;
  }
  if (argc > 4) kBytes = std::stoull(argv[4]);
  if (argc > 5) kLevels = std::max<std::size_t>(1, std::stoul(argv[5]));
  if (argc > 6) kFlops = std::stod(argv[6]);
  engine.load_platform(argv[1]);
  const std::size_t n = std::stoul(argv[2]);
  setup.server = engine.host_by_name("server");
  for (std::size_t i = 0; i < n; ++i) {
    setup.workers.push_back(engine.host_by_name("worker-" + std::to_string(i)));
    setup.down.push_back(sg4::Mailbox::by_name("down-" + std::to_string(i)));
    setup.up.push_back(sg4::Mailbox::by_name("up-" + std::to_string(i)));
  }
  setup.finished.assign(n, 0.0);
  const auto start = std::chrono::steady_clock::now();
  sg4::Actor::create("server", setup.server, server);
  if (setup.shape != Shape::round_direct)
    for (std::size_t i = 0; i < n; ++i) sg4::Actor::create("worker", setup.workers[i], worker, i);
  const auto created = std::chrono::steady_clock::now();
  engine.run();
  const auto ran = std::chrono::steady_clock::now();
  double sum = 0;
  for (const double t : setup.finished) sum += t;
  std::printf("%s n=%zu: actors %.2f s, round %.2f s wall; simulated end %.9f s, sum of finishes %.12g\n", argv[3], n,
              std::chrono::duration<double>(created - start).count(), std::chrono::duration<double>(ran - created).count(),
              sg4::Engine::get_clock(), sum);
  return 0;
}

// Stand-alone SimGrid 3.32 probe (no marina-sim code) behind docs/performance.md "Many
// workers": a server exchanges one small message each way with n workers per round, either
// posting all 2n transfers itself or through `helpers` actors on its host, and the workers
// send back either blocking or detached. Prints the simulated end time and the wall time.
//   build/simgrid_fan_out PLATFORM N HELPERS [ROUNDS] [detach] [--cfg=...]
// with PLATFORM from `marina-sim platform star -n N` (hosts server, worker-0 ..).
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <simgrid/s4u.hpp>
#include <string>
#include <vector>

namespace sg4 = simgrid::s4u;

namespace {

int token = 1;  // what travels; the simulated size is declared separately
constexpr double kBytes = 1000;

void exchange(int from, int to) {
  std::vector<sg4::CommPtr> comms;
  std::vector<int*> received(static_cast<std::size_t>(to - from), nullptr);
  for (int i = from; i < to; ++i) {
    comms.push_back(sg4::Mailbox::by_name("down-" + std::to_string(i))->put_async(&token, kBytes));
    comms.push_back(sg4::Mailbox::by_name("up-" + std::to_string(i))->get_async<int>(&received[i - from]));
  }
  sg4::Comm::wait_all(comms);
}

}  // namespace

int main(int argc, char** argv) {
  sg4::Engine engine(&argc, argv);
  if (argc < 4) {
    std::cerr << "usage: simgrid_fan_out PLATFORM N HELPERS [ROUNDS] [detach]\n";
    return 2;
  }
  const int n = std::atoi(argv[2]), helpers = std::atoi(argv[3]);
  const int rounds = argc > 4 ? std::atoi(argv[4]) : 1;
  const bool detach = argc > 5 && std::string(argv[5]) == "detach";
  engine.load_platform(argv[1]);
  sg4::Host* server = engine.host_by_name("server");
  sg4::Actor::create("server", server, [=] {
    for (int r = 0; r < rounds; ++r) {
      if (helpers <= 1) {
        exchange(0, n);
        continue;
      }
      const sg4::BarrierPtr done = sg4::Barrier::create(static_cast<unsigned>(helpers + 1));
      for (int h = 0; h < helpers; ++h) {
        const int from = static_cast<int>(static_cast<long>(n) * h / helpers);
        const int to = static_cast<int>(static_cast<long>(n) * (h + 1) / helpers);
        sg4::Actor::create("helper", server, [from, to, done] {
          exchange(from, to);
          done->wait();
        });
      }
      done->wait();
    }
  });
  for (int i = 0; i < n; ++i) {
    sg4::Actor::create("worker", engine.host_by_name("worker-" + std::to_string(i)), [i, detach] {
      for (;;) {
        sg4::Mailbox::by_name("down-" + std::to_string(i))->get<int>();
        sg4::Mailbox* up = sg4::Mailbox::by_name("up-" + std::to_string(i));
        if (detach) {
          up->put_init(&token, kBytes)->detach();
        } else {
          up->put(&token, kBytes);
        }
      }
    })->daemonize();
  }
  const auto start = std::chrono::steady_clock::now();
  engine.run();
  std::cout << "n " << n << " helpers " << helpers << " rounds " << rounds << (detach ? " detached" : " blocking")
            << ": simulated " << sg4::Engine::get_clock() << " s, wall "
            << std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() << " s\n";
}

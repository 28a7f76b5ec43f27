// A SimGrid program that knows nothing of marina-sim: it links SimGrid alone, registers no
// configuration key, and loads a platform file the way any SimGrid user or tool would, with
// SimGrid's own energy plugins on. Used by tests/cli/test_plain_simgrid.cpp to show that the
// files in platforms/ and those `marina-sim platform` writes are plain SimGrid platforms.
//
//   plain_simgrid_load FILE SERVER WORKER...
//
// Loads FILE, checks that every named host exists, sends one 1 MB message from SERVER to the
// first WORKER (so that the plugins read the power properties of the hosts and links on that
// route), and prints the clock at the end ("clock SECONDS") and one line per named host:
// "NAME JOULES" (SimGrid's host_energy plugin), or "NAME unpowered" for a host without power.
// Exit status 0 when all of that worked; SimGrid's own error and exit status 1 otherwise.
#include <simgrid/plugins/energy.h>

#include <cstdio>
#include <exception>
#include <simgrid/s4u.hpp>
#include <string>
#include <vector>

namespace sg4 = simgrid::s4u;

int main(int argc, char** argv) {
  sg4::Engine engine(&argc, argv);
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s FILE SERVER WORKER...\n", argv[0]);
    return 1;
  }
  try {
    sg_host_energy_plugin_init();
    sg_link_energy_plugin_init();
    engine.load_platform(argv[1]);
    std::vector<sg4::Host*> hosts;
    for (int i = 2; i < argc; ++i) {
      sg4::Host* h = engine.host_by_name_or_null(argv[i]);
      if (h == nullptr) {
        std::fprintf(stderr, "%s: no host '%s'\n", argv[1], argv[i]);
        return 1;
      }
      hosts.push_back(h);
    }
    sg4::Actor::create("sender", hosts[0], [] { sg4::Mailbox::by_name("m")->put(new int(1), 1000000); });
    sg4::Actor::create("receiver", hosts[1], [] { delete sg4::Mailbox::by_name("m")->get<int>(); });
    engine.run();
    std::printf("clock %.17g\n", sg4::Engine::get_clock());
    for (const sg4::Host* h : hosts) {
      if (h->get_property("wattage_per_state") == nullptr)  // the plugin aborts when asked about it
        std::printf("%s unpowered\n", h->get_cname());
      else
        std::printf("%s %.17g\n", h->get_cname(), sg_host_get_consumed_energy(h));
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: %s\n", argv[1], e.what());
    return 1;
  }
  return 0;
}

#include "sim/engine/fan_out.hpp"

#include <algorithm>
#include <simgrid/s4u.hpp>
#include <xbt/config.hpp>

namespace sg4 = simgrid::s4u;

namespace marina {
namespace {

simgrid::config::Flag<int> fan_out_above{
    "marina/fan-out-above", "post a round's transfers from helper actors above this many participants", 64};
constexpr std::size_t kParticipantsPerHelper = 32;

}  // namespace

void fan_out(sg4::Host* host, std::size_t participants,
             const std::function<void(std::size_t from, std::size_t to)>& work) {
  if (participants <= static_cast<std::size_t>(std::max(0, fan_out_above.get()))) {
    work(0, participants);
    return;
  }
  const std::size_t helpers = (participants + kParticipantsPerHelper - 1) / kParticipantsPerHelper;
  const sg4::BarrierPtr done = sg4::Barrier::create(static_cast<unsigned>(helpers + 1));
  for (std::size_t h = 0; h < helpers; ++h) {
    const std::size_t from = h * kParticipantsPerHelper, to = std::min(participants, from + kParticipantsPerHelper);
    sg4::Actor::create("server-transfers", host, [&work, from, to, done] {
      work(from, to);
      done->wait();
    });
  }
  done->wait();
}

}  // namespace marina

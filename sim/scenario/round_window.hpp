// run.timeline: the rounds whose timeline a run records (sim/engine/timeline_log.hpp), written
// "A..B" (rounds A to B, both included) or "A" (one round); "" records nothing. No SimGrid here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace marina {

class Scenario;

struct RoundWindow {
  std::int64_t first = 0, last = 0;  // inclusive
  bool covers(std::int64_t round) const { return round >= first && round <= last; }
};

// nullopt for "" (or blanks); std::invalid_argument with what is wrong and the expected form.
std::optional<RoundWindow> parse_round_window(const std::string& text);

// The scenario's run.timeline, checked against run.rounds; InputError at the key.
std::optional<RoundWindow> read_timeline_window(const Scenario& scenario);

}  // namespace marina

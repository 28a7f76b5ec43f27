#include "sim/scenario/round_window.hpp"

#include <charconv>
#include <stdexcept>

#include "sim/scenario/scenario.hpp"
#include "sim/scenario/scenario_convert.hpp"

namespace marina {
namespace {

constexpr const char* kForm = "\"A..B\" (rounds A to B, both included) or \"A\", with 0 <= A <= B";

std::int64_t round_number(const std::string& text, const std::string& whole) {
  const std::string t = trim(text);
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (t.empty() || ec != std::errc() || end != t.data() + t.size())
    throw std::invalid_argument("'" + whole + "': '" + t + "' is not a round number (expected " + kForm + ")");
  if (v < 0) throw std::invalid_argument("'" + whole + "': round " + t + " is negative (expected " + kForm + ")");
  return v;
}

}  // namespace

std::optional<RoundWindow> parse_round_window(const std::string& text) {
  const std::string t = trim(text);
  if (t.empty()) return std::nullopt;
  const auto dots = t.find("..");
  RoundWindow w;
  w.first = round_number(t.substr(0, dots), t);
  w.last = dots == std::string::npos ? w.first : round_number(t.substr(dots + 2), t);
  if (w.last < w.first)
    throw std::invalid_argument("'" + t + "': the last round comes before the first (expected " + kForm + ")");
  return w;
}

std::optional<RoundWindow> read_timeline_window(const Scenario& s) {
  std::optional<RoundWindow> w;
  try {
    w = parse_round_window(s.get_string("run.timeline"));
  } catch (const std::invalid_argument& e) {
    throw s.error("run.timeline", std::string("run.timeline ") + e.what());
  }
  const std::int64_t rounds = s.get_int("run.rounds");
  if (w && w->last > rounds)
    throw s.error("run.timeline", "run.timeline ends at round " + std::to_string(w->last) + " but run.rounds = " +
                                      std::to_string(rounds) + " (expected rounds 0.." + std::to_string(rounds) + ")");
  return w;
}

}  // namespace marina

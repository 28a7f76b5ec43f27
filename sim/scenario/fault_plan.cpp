#include "sim/scenario/fault_plan.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

#include "sim/scenario/scenario.hpp"
#include "sim/scenario/scenario_convert.hpp"

namespace marina {
namespace {

std::vector<std::string> entries(const std::string& text) {
  std::vector<std::string> out;
  if (trim(text).empty()) return out;
  std::size_t start = 0;
  for (;;) {
    const auto comma = text.find(',', start);
    out.push_back(trim(text.substr(start, comma == std::string::npos ? std::string::npos : comma - start)));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

[[noreturn]] void bad(const std::string& entry, const std::string& what, const std::string& form) {
  throw std::invalid_argument("'" + entry + "': " + what + " (expected " + form + ")");
}

double number(const std::string& text, const std::string& entry, const std::string& what, const std::string& form) {
  const std::string t = trim(text);
  std::size_t used = 0;
  double v = 0;
  try {
    v = std::stod(t, &used);
  } catch (const std::exception&) {
    bad(entry, what + " '" + t + "' is not a number", form);
  }
  if (used != t.size() || !std::isfinite(v)) bad(entry, what + " '" + t + "' is not a number", form);
  return v;
}

// "NAME@A" or "NAME@A..B" -> name, A, optional B, with 0 <= A < B. `name_part` may keep "*k".
struct Window {
  std::string name;
  double start = 0.0;
  std::optional<double> end;
};

Window window(const std::string& entry, const std::string& form, const char* start_word, const char* end_word,
              bool time_optional) {
  const auto at = entry.find('@');
  if (at == std::string::npos) {
    if (!time_optional) bad(entry, std::string("no '@' before the ") + start_word + " time", form);
    return Window{trim(entry), 0.0, std::nullopt};
  }
  Window w{trim(entry.substr(0, at)), 0.0, std::nullopt};
  const std::string times = entry.substr(at + 1);
  const auto dots = times.find("..");
  w.start = number(times.substr(0, dots), entry, start_word, form);
  if (dots != std::string::npos) w.end = number(times.substr(dots + 2), entry, end_word, form);
  if (w.start < 0) bad(entry, std::string(start_word) + " time is negative", form);
  if (w.end && !(*w.end > w.start)) bad(entry, std::string(end_word) + " time is not after the " + start_word, form);
  return w;
}

void require_name(const Window& w, const std::string& entry, const std::string& what, const std::string& form) {
  if (w.name.empty()) bad(entry, "no " + what + " name", form);
}

// Two faults of one kind on one resource must not overlap: a profile is one timeline.
template <typename T, typename Name, typename Start, typename End>
void require_disjoint(const std::vector<T>& faults, Name name, Start start, End end, const std::string& what) {
  std::map<std::string, std::vector<std::pair<double, double>>> by_name;
  for (const T& f : faults) by_name[name(f)].emplace_back(start(f), end(f));
  for (auto& [n, spans] : by_name) {
    std::sort(spans.begin(), spans.end());
    for (std::size_t i = 1; i < spans.size(); ++i)
      if (spans[i].first < spans[i - 1].second)
        throw std::invalid_argument("two " + what + " of '" + n + "' overlap (expected disjoint time windows)");
  }
}

constexpr double kForever = INFINITY;

}  // namespace

std::vector<HostCrash> parse_crashes(const std::string& text) {
  const std::string form = "host@crash_time or host@crash_time..restart_time, comma-separated";
  std::vector<HostCrash> out;
  for (const std::string& e : entries(text)) {
    const Window w = window(e, form, "crash", "restart", false);
    require_name(w, e, "host", form);
    // SimGrid cannot start an actor on a host that is already off at time 0.
    if (!(w.start > 0)) bad(e, "crash time must be after 0 s (for a worker down from the start use e.g. 1e-9)", form);
    out.push_back(HostCrash{w.name, w.start, w.end});
  }
  require_disjoint(
      out, [](const HostCrash& c) { return c.host; }, [](const HostCrash& c) { return c.at; },
      [](const HostCrash& c) { return c.restart_at.value_or(kForever); }, "crashes");
  return out;
}

std::vector<LinkOutage> parse_outages(const std::string& text) {
  const std::string form = "link@down_time or link@down_time..up_time, comma-separated";
  std::vector<LinkOutage> out;
  for (const std::string& e : entries(text)) {
    const Window w = window(e, form, "down", "up", false);
    require_name(w, e, "link", form);
    out.push_back(LinkOutage{w.name, w.start, w.end});
  }
  require_disjoint(
      out, [](const LinkOutage& o) { return o.link; }, [](const LinkOutage& o) { return o.from; },
      [](const LinkOutage& o) { return o.until.value_or(kForever); }, "outages");
  return out;
}

std::vector<Straggler> parse_stragglers(const std::string& text) {
  const std::string form = "host*k, host*k@from or host*k@from..until with k >= 1, comma-separated";
  std::vector<Straggler> out;
  for (const std::string& e : entries(text)) {
    const Window w = window(e, form, "from", "until", true);
    const auto star = w.name.find('*');
    if (star == std::string::npos) bad(e, "no '*k' slowdown after the host", form);
    Straggler s{trim(w.name.substr(0, star)), 1.0, w.start, w.end};
    if (s.host.empty()) bad(e, "no host name", form);
    s.slowdown = number(w.name.substr(star + 1), e, "slowdown", form);
    if (!(s.slowdown >= 1.0)) bad(e, "slowdown k is below 1", form);
    out.push_back(s);
  }
  require_disjoint(
      out, [](const Straggler& s) { return s.host; }, [](const Straggler& s) { return s.from; },
      [](const Straggler& s) { return s.until.value_or(kForever); }, "slow periods");
  return out;
}

FaultPlan read_fault_plan(const Scenario& s) {
  FaultPlan plan;
  const auto read = [&](const char* key, auto parse, auto& into) {
    try {
      into = parse(s.get_string(key));
    } catch (const std::invalid_argument& e) {
      throw s.error(key, std::string(key) + " " + e.what());
    }
  };
  read("faults.crashes", parse_crashes, plan.crashes);
  read("faults.links_down", parse_outages, plan.outages);
  read("faults.stragglers", parse_stragglers, plan.stragglers);
  plan.round_timeout = s.get_param("faults.round_timeout");
  plan.drop_after = static_cast<int>(s.get_int("faults.drop_after"));
  plan.checkpoints.every = s.get_int("faults.checkpoint_every");
  plan.checkpoints.rate_Bps = s.get_real("faults.checkpoint_rate");
  plan.checkpoints.host = trim(s.get_string("faults.checkpoint_host"));
  return plan;
}

}  // namespace marina

// libFuzzer target for scenario loading (scripts/fuzz.sh builds and runs it): TOML text, then
// --set overrides, then the consistency checks and the [faults] strings (sim/scenario/fault_plan.cpp). InputError is the expected outcome for bad
// input; a crash, another exception or a sanitizer report is a bug, and so is a loaded
// scenario whose resolved form (what a run folder stores) does not load back to itself or,
// once it passed the checks, fails them when loaded back.
//
// Input layout: the TOML text, optionally followed by a line "%%" and one --set assignment
// per line. Without that part, one assignment is derived from the input's bytes, so that
// every input also exercises the --set value parsers of some key.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "methods/common/input_error.hpp"
#include "sim/scenario/fault_plan.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/scenario/scenario_checks.hpp"
#include "sim/scenario/scenario_schema.hpp"

namespace {

constexpr std::string_view kSeparator = "\n%%\n";
constexpr std::size_t kMaxOverrides = 8;

std::vector<std::string> explicit_overrides(std::string_view rest) {
  std::vector<std::string> out;
  while (!rest.empty() && out.size() < kMaxOverrides) {
    const std::size_t end = rest.find('\n');
    out.emplace_back(rest.substr(0, end));
    rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
  }
  return out;
}

// A schema key picked by the first byte, with the last few bytes as its value text.
std::string derived_override(std::string_view input) {
  const auto& schema = marina::scenario_schema();
  const std::size_t pick = input.empty() ? 0 : static_cast<unsigned char>(input.front());
  const std::size_t tail = input.size() < 12 ? input.size() : 12;
  return schema[pick % schema.size()].key + "=" + std::string(input.substr(input.size() - tail));
}

[[noreturn]] void broken(const std::string& what, const std::string& text) {
  std::fprintf(stderr, "fuzz_scenario: %s\n--- resolved scenario ---\n%s\n", what.c_str(), text.c_str());
  std::abort();
}

// scenario.hpp: "parse(resolved_toml()) gives the same values". Returns the reloaded scenario.
marina::Scenario round_trip(const marina::Scenario& s) {
  const std::string text = s.resolved_toml();
  try {
    marina::Scenario again = marina::Scenario::parse(text, s.path());
    if (again.resolved_toml() != text) broken("the resolved scenario loads back to different values", text);
    return again;
  } catch (const marina::InputError& e) {
    broken(std::string("the resolved scenario does not load: ") + e.what(), text);
  }
}

// A scenario that passed the checks writes a run folder (after reset_unused_keys) that runs
// again: its resolved scenario must pass them too.
void check_rerun(marina::Scenario s) {
  try {
    marina::reset_unused_keys(s);
  } catch (const marina::InputError& e) {
    broken(std::string("reset_unused_keys wrote a bad value: ") + e.what(), s.resolved_toml());
  }
  const marina::Scenario again = round_trip(s);
  try {
    marina::check_scenario_consistency(again);
  } catch (const marina::InputError& e) {
    broken(std::string("the run folder's scenario fails the checks: ") + e.what(), again.resolved_toml());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t split = input.find(kSeparator);
  const std::string_view toml = input.substr(0, split);
  const std::vector<std::string> overrides = split == std::string_view::npos
                                                 ? std::vector<std::string>{derived_override(input)}
                                                 : explicit_overrides(input.substr(split + kSeparator.size()));
  try {
    marina::Scenario s = marina::Scenario::parse(std::string(toml), "fuzz.toml");
    for (const std::string& assignment : overrides) {
      try {
        s.set_override(assignment);
      } catch (const marina::InputError&) {
        // A rejected override leaves the scenario as it was; go on with the next one.
      }
    }
    round_trip(s);
    marina::check_scenario_consistency(s);
    marina::read_fault_plan(s);
    check_rerun(s);
  } catch (const marina::InputError&) {
    // Bad input, reported as such.
  }
  return 0;
}

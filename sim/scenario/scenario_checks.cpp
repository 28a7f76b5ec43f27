#include "sim/scenario/scenario_checks.hpp"

#include <algorithm>
#include <cassert>
#include <limits>
#include <string>
#include <vector>

#include "sim/scenario/scenario_format.hpp"

namespace marina {
namespace {

// What Scenario::error names as the file of a value given by --set.
const char* const kOverrideOrigin = "--set";

const KeySpec& spec_of(const std::string& key) {
  const KeySpec* spec = find_key(key);
  assert(spec != nullptr);
  return *spec;
}

ScenarioValue value_of(const Scenario& s, const std::string& key) {
  switch (spec_of(key).type) {
    case ValueType::boolean:
      return s.get_bool(key);
    case ValueType::integer:
      return s.get_int(key);
    case ValueType::real:
      return s.get_real(key);
    case ValueType::string:
      return s.get_string(key);
    case ValueType::real_list:
      return s.get_reals(key);
    case ValueType::param:
      return s.get_param(key);
  }
  assert(false);
  return false;
}

// Written by the user at a value other than the default. A run folder's scenario.toml spells
// out every key, defaults included, and must run again as is: a default changes nothing.
bool given(const Scenario& s, const std::string& key) {
  return s.is_set(key) && value_of(s, key) != spec_of(key).default_value;
}

bool from_command_line(const Scenario& s, const std::string& key) {
  return s.is_set(key) && s.error(key, "").file() == kOverrideOrigin;
}

// Whether to report `key`, which the current `choice` ignores. When --set changed the choice but the
// parameter comes from the file, the file is a base scenario re-targeted from the command line
// or by a sweep axis (quickstart.toml sets compressor.k; --set compressor.name=qsgd is fine).
bool reported_unused(const Scenario& s, const std::string& key, const std::string& choice) {
  if (!given(s, key)) return false;
  return !(from_command_line(s, choice) && !from_command_line(s, key));
}

// `method.name = "marina"`, marked when it is the default: the user may not know what runs.
std::string choice_text(const Scenario& s, const std::string& choice) {
  return choice + " = " + toml_literal(value_of(s, choice)) + (s.is_set(choice) ? "" : " (the default)");
}

// A parameter that has a meaning only for some values of a choice key.
struct Applicability {
  std::vector<std::string> keys;
  std::string choice;
  std::vector<std::string> applies_to;
  std::string lacks;  // what the other choices do not have: "has no clients"
  std::string hint;   // where the parameter belongs
  // method.p takes the theory keyword under every method, so only a number means "this p".
  bool numbers_only = false;
};

const std::vector<Applicability>& applicability_rules() {
  static const std::vector<Applicability> rules = {
      {{"data.path"},
       "data.source",
       {"libsvm"},
       "generates its data and reads no file",
       "set data.source = \"libsvm\" to read data.path"},
      {{"data.samples", "data.features", "data.groups", "data.density", "data.heterogeneity", "data.label_noise"},
       "data.source",
       {"synthetic"},
       "reads its data from data.path",
       "it only shapes synthetic data"},
      {{"method.clients"}, "method.name", {"pp_marina"}, "has no clients", "only pp_marina samples r of n"},
      {{"method.sampling"}, "method.name", {"pp_marina"}, "samples no clients", "only pp_marina draws r of n clients"},
      {{"method.large_batch"},
       "method.name",
       {"vr_marina_online"},
       "has no large batch",
       "only vr_marina_online takes b"},
      {{"method.batch_size", "method.batch_fraction"},
       "method.name",
       {"vr_marina", "vr_marina_online", "vr_diana", "dasha_page"},
       "uses no minibatches",
       "the minibatch b' belongs to vr_marina, vr_marina_online, vr_diana and dasha_page"},
      {{"method.p"},
       "method.name",
       {"marina", "vr_marina", "vr_marina_online", "pp_marina", "vr_diana", "dasha_page"},
       "has no p",
       "the probability of a dense round belongs to marina, vr_marina, vr_marina_online, pp_marina and "
       "dasha_page, that of a reference refresh to vr_diana",
       true},
      {{"method.alpha"},
       "method.name",
       {"diana", "vr_diana"},
       "has no alpha",
       "only diana and vr_diana have the shift step size alpha"},
      {{"method.mu"},
       "method.name",
       {"marina", "vr_marina", "vr_marina_online", "pp_marina"},
       "has no Polyak-Lojasiewicz step sizes",
       "method.mu selects the PL steps of the MARINA family"},
      {{"wire.downlink"},
       "method.name",
       {"marina", "vr_marina", "vr_marina_online", "pp_marina"},
       "has no delta downlink",
       "wire.downlink = \"delta\" belongs to the MARINA family, whose g^{k+1} = g^k + the aggregate"},
      {{"faults.crashes", "faults.links_down", "faults.stragglers", "faults.round_timeout", "faults.drop_after"},
       "run.network",
       {"simgrid"},
       "simulates no network",
       "faults happen on the simulated network: set run.network = \"simgrid\""},
      {{"run.energy"},
       "run.network",
       {"simgrid"},
       "simulates no network",
       "energy is drawn by the simulated hosts and links: set run.network = \"simgrid\""},
      {{"compressor.k"},
       "compressor.name",
       {"rand_k", "top_k"},
       "has no k",
       "only rand_k and top_k keep k coordinates"},
      {{"compressor.levels"},
       "compressor.name",
       {"qsgd", "natural_dithering"},
       "has no levels",
       "only qsgd and natural_dithering quantize to s levels"},
  };
  return rules;
}

bool contains(const std::vector<std::string>& set, const std::string& value) {
  return std::find(set.begin(), set.end(), value) != set.end();
}

struct UnusedKey {
  std::string key;
  const Applicability* rule;
};

// Keys given a value that the current choices ignore.
std::vector<UnusedKey> unused_keys(const Scenario& s) {
  std::vector<UnusedKey> out;
  for (const Applicability& rule : applicability_rules()) {
    if (contains(rule.applies_to, s.get_string(rule.choice))) continue;
    for (const std::string& key : rule.keys) {
      const bool keyword = spec_of(key).type == ValueType::param && s.get_param(key).is_keyword;
      if (given(s, key) && !(rule.numbers_only && keyword)) out.push_back({key, &rule});
    }
  }
  return out;
}

void check_applicability(const Scenario& s, std::vector<InputError>& found) {
  for (const UnusedKey& u : unused_keys(s))
    if (reported_unused(s, u.key, u.rule->choice))
      found.push_back(s.error(u.key, u.key + " is set but " + choice_text(s, u.rule->choice) + " " + u.rule->lacks +
                                         " (" + u.rule->hint + ")"));
}

// Contractive compressors are not in U(omega): only error feedback (EF21) corrects their bias
// (paper-notes §4.5). A real incompatibility, so it holds whichever layer set either key.
void check_compressor_bias(const Scenario& s, std::vector<InputError>& found) {
  static const std::vector<std::string> biased = {"top_k"};
  const std::string& compressor = s.get_string("compressor.name");
  const std::string& method = s.get_string("method.name");
  if (!contains(biased, compressor) || method == "ef21") return;
  const std::string needs = method == "gd" ? " compresses nothing" : " needs an unbiased compressor";
  const std::string blamed = from_command_line(s, "method.name") && !from_command_line(s, "compressor.name")
                                 ? "method.name"
                                 : "compressor.name";
  found.push_back(s.error(blamed, "compressor.name = " + toml_literal(compressor) + " is biased (contractive) but " +
                                      choice_text(s, "method.name") + needs +
                                      "; only ef21 takes a biased compressor (paper-notes §4.5; unbiased: "
                                      "identity, rand_k, perm_k, qsgd, natural, natural_dithering)"));
}

void check_evaluation(const Scenario& s, std::vector<InputError>& found) {
  const auto every = s.get_int("run.eval_every"), rounds = s.get_int("run.rounds");
  if (every <= rounds || !reported_unused(s, "run.eval_every", "run.rounds")) return;
  found.push_back(s.error("run.eval_every", "run.eval_every = " + std::to_string(every) +
                                                " exceeds run.rounds = " + std::to_string(rounds) +
                                                " (expected run.eval_every <= run.rounds; only round 0 and the last "
                                                "round would be evaluated)"));
}

}  // namespace

void check_scenario_consistency(const Scenario& s) {
  std::vector<InputError> found;
  check_compressor_bias(s, found);
  check_applicability(s, found);
  check_evaluation(s, found);
  if (found.empty()) return;
  // Like the TOML reader: the problem nearest the top of the file first, --set ones last.
  const auto rank = [](const InputError& e) { return e.line() > 0 ? e.line() : std::numeric_limits<long>::max(); };
  throw *std::min_element(found.begin(), found.end(),
                          [&](const InputError& a, const InputError& b) { return rank(a) < rank(b); });
}

void reset_unused_keys(Scenario& s) {
  for (const UnusedKey& u : unused_keys(s)) s.set_override(u.key + "=" + toml_literal(spec_of(u.key).default_value));
  // Rounds 0 and `rounds` are evaluated either way (the last round always is).
  if (s.get_int("run.eval_every") > s.get_int("run.rounds"))
    s.set_override("run.eval_every=" + std::to_string(s.get_int("run.rounds")));
}

}  // namespace marina

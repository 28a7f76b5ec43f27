#include "sim/scenario/scenario_checks.hpp"

#include <algorithm>
#include <cassert>
#include <limits>
#include <string>
#include <vector>

#include "methods/algorithms/method_registry.hpp"
#include "methods/compressors/compressor_registry.hpp"
#include "methods/problems/problem_registry.hpp"
#include "sim/scenario/round_window.hpp"
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

// Written by the user at a value other than the default. A run folder's scenario.toml spells
// out every key, defaults included, and must run again as is: a default changes nothing.
bool given(const Scenario& s, const std::string& key) {
  return s.is_set(key) && s.get(key) != spec_of(key).default_value;
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
  return choice + " = " + toml_literal(s.get(choice)) + (s.is_set(choice) ? "" : " (the default)");
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

// The rule of a key that only some methods or compressors read, as the registry declares it.
Applicability from_registry(const SelectiveKeyRule& rule, const std::string& choice,
                            const std::vector<KeyReader>& readers) {
  return {{rule.key}, choice, reader_names(readers), rule.lacks, rule.belongs(readers), rule.numbers_only};
}

// Built on every use: a registry may have grown since the last scenario (a test's method).
std::vector<Applicability> applicability_rules() {
  std::vector<Applicability> rules = {
      {{"data.path"},
       "data.source",
       {"libsvm", "images"},
       "generates its data and reads no file",
       "set data.source = \"libsvm\" to read data.path"},
      {{"data.samples"},
       "data.source",
       {"synthetic", "synthetic_images"},
       "reads its data from data.path",
       "it only shapes synthetic data"},
      {{"data.features", "data.groups", "data.density", "data.heterogeneity", "data.label_noise"},
       "data.source",
       {"synthetic"},
       "reads its data from data.path",
       "it only shapes synthetic data"},
      {{"data.image_shape", "data.classes"},
       "data.source",
       {"synthetic_images"},
       "generates no images",
       "it only shapes data.source = \"synthetic_images\""},
      {{"data.test"}, "data.source", {"images", "synthetic_images"}, "has no test split", "only image data has one"},
      {{"data.take"}, "data.source", {"images"}, "reads no image set", "it keeps the first N images of data.path"},
      {{"data.bias"},
       "data.source",
       {"synthetic", "libsvm"},
       "has no feature columns",
       "the ones column belongs to sparse rows"},
  };
  for (const SelectiveKeyRule& rule : problem_key_rules())
    rules.push_back(from_registry(rule, "problem.model", problem_readers(rule.key)));
  for (const SelectiveKeyRule& rule : method_key_rules())
    rules.push_back(from_registry(rule, "method.name", method_readers(rule.key)));
  rules.push_back({{"faults.crashes", "faults.links_down", "faults.stragglers", "faults.round_timeout",
                    "faults.drop_after", "faults.checkpoint_every", "faults.checkpoint_rate", "faults.checkpoint_host"},
                   "run.network",
                   {"simgrid"},
                   "simulates no network",
                   "faults happen on the simulated network: set run.network = \"simgrid\""});
  rules.push_back({{"run.energy"},
                   "run.network",
                   {"simgrid"},
                   "simulates no network",
                   "energy is drawn by the simulated hosts and links: set run.network = \"simgrid\""});
  rules.push_back({{"run.timeline"},
                   "run.network",
                   {"simgrid"},
                   "simulates no network",
                   "the timeline is read off the simulated clock: set run.network = \"simgrid\""});
  for (const SelectiveKeyRule& rule : compressor_key_rules())
    rules.push_back(from_registry(rule, "compressor.name", compressor_readers(rule.key)));
  return rules;
}


bool contains(const std::vector<std::string>& set, const std::string& value) {
  return std::find(set.begin(), set.end(), value) != set.end();
}

struct UnusedKey {
  std::string key;
  Applicability rule;
};

// Keys given a value that the current choices ignore.
std::vector<UnusedKey> unused_keys(const Scenario& s) {
  std::vector<UnusedKey> out;
  for (const Applicability& rule : applicability_rules()) {
    if (contains(rule.applies_to, s.get_string(rule.choice))) continue;
    for (const std::string& key : rule.keys) {
      const bool keyword = spec_of(key).type == ValueType::param && s.get_param(key).is_keyword;
      if (given(s, key) && !(rule.numbers_only && keyword)) out.push_back({key, rule});
    }
  }
  return out;
}

void check_applicability(const Scenario& s, std::vector<InputError>& found) {
  for (const UnusedKey& u : unused_keys(s))
    if (reported_unused(s, u.key, u.rule.choice))
      found.push_back(s.error(u.key, u.key + " is set but " + choice_text(s, u.rule.choice) + " " + u.rule.lacks +
                                         " (" + u.rule.hint + ")"));
}

// Contractive compressors are not in U(omega): only error feedback (EF21) corrects their bias
// (paper-notes §4.5). A real incompatibility, so it holds whichever layer set either key.
void check_compressor_bias(const Scenario& s, std::vector<InputError>& found) {
  const std::string& compressor = s.get_string("compressor.name");
  const std::string& method = s.get_string("method.name");
  const CompressorDescription* c = find_compressor(compressor);
  const MethodDescription* m = find_method(method);
  if (c == nullptr || m == nullptr || c->unbiased || m->compressor == CompressorNeed::contractive) return;
  std::vector<std::string> takers, unbiased;
  for (const MethodDescription* each : methods_in_comparison_order())
    if (each->compressor == CompressorNeed::contractive) takers.push_back(each->name);
  for (const CompressorDescription& each : registered_compressors())
    if (each.unbiased) unbiased.push_back(each.name);
  const std::string needs =
      m->compressor == CompressorNeed::none ? " compresses nothing" : " needs an unbiased compressor";
  const std::string blamed = from_command_line(s, "method.name") && !from_command_line(s, "compressor.name")
                                 ? "method.name"
                                 : "compressor.name";
  found.push_back(s.error(blamed, "compressor.name = " + toml_literal(compressor) + " is biased (contractive) but " +
                                      choice_text(s, "method.name") + needs + "; only " + join_and(takers) +
                                      " takes a biased compressor (paper-notes §4.5; unbiased: " +
                                      join_commas(unbiased) + ")"));
}

// A problem trains on one kind of data (sparse rows or images); the source must give it.
void check_data_kind(const Scenario& s, std::vector<InputError>& found) {
  const ProblemDescription* problem = find_problem(s.get_string("problem.model"));
  if (problem == nullptr) return;
  const std::string& source = s.get_string("data.source");
  const bool images = source == "images" || source == "synthetic_images";
  if (images == (problem->data == DataKind::images)) return;
  const std::string wanted = problem->data == DataKind::images ? "labelled images (data.source = \"images\" or "
                                                                 "\"synthetic_images\")"
                                                               : "sparse rows labelled +-1 (data.source = "
                                                                 "\"synthetic\" or \"libsvm\")";
  const std::string blamed = from_command_line(s, "problem.model") && !from_command_line(s, "data.source")
                                 ? "problem.model"
                                 : (s.is_set("data.source") ? "data.source" : "problem.model");
  found.push_back(s.error(blamed, choice_text(s, "problem.model") + " trains on " + wanted + " but " +
                                      choice_text(s, "data.source") + " gives " +
                                      (images ? "images" : "sparse rows")));
}

void check_evaluation(const Scenario& s, std::vector<InputError>& found) {
  const auto every = s.get_int("run.eval_every"), rounds = s.get_int("run.rounds");
  if (every <= rounds || !reported_unused(s, "run.eval_every", "run.rounds")) return;
  found.push_back(s.error("run.eval_every", "run.eval_every = " + std::to_string(every) +
                                                " exceeds run.rounds = " + std::to_string(rounds) +
                                                " (expected run.eval_every <= run.rounds; only round 0 and the last "
                                                "round would be evaluated)"));
}

// Its form and rounds, before any run starts (a sweep checks every point this way).
void check_timeline(const Scenario& s, std::vector<InputError>& found) {
  try {
    read_timeline_window(s);
  } catch (const InputError& e) {
    found.push_back(e);
  }
}

}  // namespace

void check_scenario_consistency(const Scenario& s) {
  std::vector<InputError> found;
  check_compressor_bias(s, found);
  check_data_kind(s, found);
  check_applicability(s, found);
  check_evaluation(s, found);
  check_timeline(s, found);
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

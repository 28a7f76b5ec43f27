// A loaded scenario: every schema key with its effective value and where that value came from
// (default, scenario file line, or --set), so that later checks can blame the right place.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "methods/common/input_error.hpp"
#include "methods/common/key_value.hpp"
#include "sim/scenario/scenario_schema.hpp"

namespace marina {

class Scenario {
 public:
  // Reads the file, then applies each "key=value" override in order. Throws InputError.
  static Scenario load(const std::string& path, const std::vector<std::string>& overrides = {});
  // Same from text; `origin` stands for the file name in messages, name and directory().
  static Scenario parse(const std::string& toml_text, const std::string& origin,
                        const std::vector<std::string>& overrides = {});

  // Getters take a schema key of the matching type; anything else is a programming error
  // (std::logic_error). Integer keys are not readable with get_real.
  bool get_bool(const std::string& key) const;
  std::int64_t get_int(const std::string& key) const;
  double get_real(const std::string& key) const;
  const std::string& get_string(const std::string& key) const;
  const std::vector<double>& get_reals(const std::string& key) const;
  Param get_param(const std::string& key) const;
  // Any key's value, whatever its type (keys a registered method declares for itself).
  const ScenarioValue& get(const std::string& key) const;

  // Given in the file or by --set, as opposed to a default.
  bool is_set(const std::string& key) const;
  // An InputError pointing at where the key's value came from: file:line, "--set", or the
  // scenario file without a line for defaults. For checks that span keys (k <= d, ...).
  InputError error(const std::string& key, const std::string& message) const;

  // Every schema key with its effective value, top-level keys first, then one table per
  // section in schema order. Deterministic; parse(resolved_toml()) gives the same values.
  std::string resolved_toml() const;

  const std::string& path() const { return path_; }
  std::string directory() const;  // "." if the path has none

  // "key=value" with the value parsed per the key's type. Throws InputError("--set", 0, ...).
  void set_override(const std::string& assignment);

 private:
  enum class Source { default_value, file, override_value };
  struct Entry {
    ScenarioValue value;
    Source source = Source::default_value;
    long line = 0;
  };

  explicit Scenario(std::string path);
  void assign(const KeySpec& spec, ScenarioValue value, Source source, long line);
  const Entry& entry(const std::string& key) const;
  const Entry& typed_entry(const std::string& key, ValueType type) const;

  std::string path_;
  std::vector<Entry> entries_;  // parallel to scenario_schema()
};

}  // namespace marina

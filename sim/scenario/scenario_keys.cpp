#include "sim/scenario/scenario_keys.hpp"

#include <algorithm>
#include <limits>

#include "sim/scenario/scenario_schema.hpp"

namespace marina {
namespace {

std::string table_of(const std::string& key) {
  const auto dot = key.rfind('.');
  return dot == std::string::npos ? "" : key.substr(0, dot);
}

std::string last_component(const std::string& key) {
  const auto dot = key.rfind('.');
  return dot == std::string::npos ? key : key.substr(dot + 1);
}

// A typo changes a few characters; allow roughly one edit per three characters, so that short
// names do not "match" everything and long ones still survive two slips.
std::size_t typo_budget(const std::string& word) {
  return std::clamp<std::size_t>(word.size() / 3, 1, 3);
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// Tables in schema order of first appearance.
std::vector<std::string> schema_tables() {
  std::vector<std::string> tables;
  for (const KeySpec& spec : scenario_schema()) {
    const std::string t = table_of(spec.key);
    if (!t.empty() && std::find(tables.begin(), tables.end(), t) == tables.end())
      tables.push_back(t);
  }
  return tables;
}

std::vector<std::string> keys_in_table(const std::string& table) {
  std::vector<std::string> keys;
  for (const KeySpec& spec : scenario_schema())
    if (table_of(spec.key) == table) keys.push_back(last_component(spec.key));
  return keys;
}

// Best schema key for an unknown one: compare full dotted paths (a typo anywhere), and also
// last components alone (the right key in the wrong table, e.g. compressor.rounds).
std::string suggest_key(const std::string& key) {
  const std::string leaf = last_component(key);
  std::size_t best_score = std::numeric_limits<std::size_t>::max();
  std::size_t best_full = best_score;
  std::string best;
  for (const KeySpec& spec : scenario_schema()) {
    const std::size_t full = edit_distance(key, spec.key);
    const std::size_t score = std::min(full, edit_distance(leaf, last_component(spec.key)));
    if (score < best_score || (score == best_score && full < best_full)) {
      best_score = score;
      best_full = full;
      best = spec.key;
    }
  }
  return best_score <= typo_budget(leaf) ? best : "";
}

}  // namespace

// Optimal string alignment: Levenshtein plus adjacent transpositions, the commonest typo
// ("f23" for "f32" is one slip, not two).
std::size_t edit_distance(const std::string& a, const std::string& b) {
  const std::size_t m = a.size(), n = b.size();
  std::vector<std::vector<std::size_t>> d(m + 1, std::vector<std::size_t>(n + 1));
  for (std::size_t i = 0; i <= m; ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= n; ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= m; ++i) {
    for (std::size_t j = 1; j <= n; ++j) {
      const std::size_t substitution = d[i - 1][j - 1] + (a[i - 1] != b[j - 1] ? 1 : 0);
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, substitution});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[m][n];
}

std::string closest_match(const std::string& word, const std::vector<std::string>& candidates) {
  std::size_t best_distance = std::numeric_limits<std::size_t>::max();
  std::string best;
  for (const std::string& c : candidates) {
    const std::size_t d = edit_distance(word, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best_distance <= typo_budget(word) ? best : "";
}

bool is_schema_table(const std::string& path) {
  const std::string prefix = path + ".";
  for (const KeySpec& spec : scenario_schema())
    if (spec.key.compare(0, prefix.size(), prefix) == 0) return true;
  return false;
}

std::string unknown_key_message(const std::string& key) {
  std::string message = "unknown key '" + key + "'";
  // Keys that were renamed: an older run folder's scenario.toml still spells them the old way.
  static const std::vector<std::pair<std::string, std::string>> renamed = {
      {"problem.name", "problem.model"},  // issue 18: the networks joined the problems
  };
  for (const auto& [old_key, new_key] : renamed)
    if (key == old_key) return message + " (it was renamed '" + new_key + "')";
  if (const std::string near = suggest_key(key); !near.empty())
    return message + " (did you mean '" + near + "'?)";
  const std::string table = table_of(key);
  if (table.empty())
    return message + " (top-level keys: " + join(keys_in_table("")) +
           "; tables: " + join(schema_tables()) + ")";
  if (is_schema_table(table))
    return message + " (keys of [" + table + "]: " + join(keys_in_table(table)) + ")";
  return message + " (no table [" + table + "]; tables: " + join(schema_tables()) + ")";
}

std::string unknown_table_message(const std::string& table) {
  // Quotes, not [brackets]: the table may come from a dotted key (foo.bar = 1), not a header.
  const std::string message = "unknown table '" + table + "'";
  if (const std::string near = closest_match(table, schema_tables()); !near.empty())
    return message + " (did you mean '" + near + "'?)";
  const std::string parent = table_of(table);
  if (!parent.empty() && is_schema_table(parent))
    return message + " (keys of [" + parent + "]: " + join(keys_in_table(parent)) + ")";
  return message + " (tables: " + join(schema_tables()) + ")";
}

}  // namespace marina

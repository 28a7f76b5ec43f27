// Questions about the names of the scenario's key space (which tables exist, which keys a table
// holds) and the "did you mean" suggestions of error messages. Everything derives from
// scenario_schema(), so a new key needs no change here.
#pragma once

#include <string>
#include <vector>

namespace marina {

// True if `path` names a table of the schema ("data", or "a.b" when a key "a.b.c" exists).
bool is_schema_table(const std::string& path);

// Full error text for a key that the schema does not have, with a suggestion when one is close,
// else the keys that do exist where the user was writing.
std::string unknown_key_message(const std::string& key);
std::string unknown_table_message(const std::string& table);

// Edit distance counting an adjacent transposition as one edit.
std::size_t edit_distance(const std::string& a, const std::string& b);

// The candidate closest to `word` if it is close enough to be a plausible typo, else "".
std::string closest_match(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace marina

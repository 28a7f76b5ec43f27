// Keys that only some methods (or some compressors) read. Each method and compressor declares
// the keys it reads and what each means for it (KeyUse); a key's rule (SelectiveKeyRule) says,
// when one that does not read it is given it, what it lacks and where the key belongs. The
// simulator's consistency checks are built from these, so they name no method themselves.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace marina {

// A key as one method or compressor reads it.
struct KeyUse {
  std::string key;      // "method.p"
  std::string meaning;  // what it is for this reader ("a dense round"); "" = what the key's help says
};

// One reader of a key, as an error message names it.
struct KeyReader {
  std::string name;     // "pp_marina"
  std::string meaning;  // its KeyUse::meaning
};

struct SelectiveKeyRule {
  std::string key;
  std::string lacks;  // what a reader without the key lacks: "has no clients"
  // Where the key belongs, from its readers (in the order hints list them): "only pp_marina
  // samples r of n".
  std::function<std::string(const std::vector<KeyReader>&)> belongs;
  // The key's keyword ("theory") is a valid value for everyone; only a number means "this key".
  bool numbers_only = false;
};

// "a", "a and b", "a, b and c".
std::string join_and(const std::vector<std::string>& items);
// "a", "a or b", "a, b or c".
std::string join_or(const std::vector<std::string>& items);
// "a, b, c".
std::string join_commas(const std::vector<std::string>& items);

std::vector<std::string> reader_names(const std::vector<KeyReader>& readers);
// The readers whose meaning is `meaning`, in order.
std::vector<std::string> reader_names(const std::vector<KeyReader>& readers, const std::string& meaning);

// A rule whose hint is `before` + the readers' names joined with "and" + `after`:
// "only " + "diana and vr_diana" + " have the shift step size alpha".
SelectiveKeyRule listing_rule(std::string key, std::string lacks, std::string before, std::string after = "");
// A rule whose hint does not depend on who reads the key.
SelectiveKeyRule fixed_rule(std::string key, std::string lacks, std::string hint);

}  // namespace marina

#include "methods/common/key_readers.hpp"

#include <utility>

namespace marina {
namespace {

std::string join_last(const std::vector<std::string>& items, const std::string& last_separator) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? last_separator : ", ";
    out += items[i];
  }
  return out;
}

}  // namespace

std::string join_and(const std::vector<std::string>& items) { return join_last(items, " and "); }
std::string join_or(const std::vector<std::string>& items) { return join_last(items, " or "); }
std::string join_commas(const std::vector<std::string>& items) { return join_last(items, ", "); }

std::vector<std::string> reader_names(const std::vector<KeyReader>& readers) {
  std::vector<std::string> names;
  for (const KeyReader& r : readers) names.push_back(r.name);
  return names;
}

std::vector<std::string> reader_names(const std::vector<KeyReader>& readers, const std::string& meaning) {
  std::vector<std::string> names;
  for (const KeyReader& r : readers)
    if (r.meaning == meaning) names.push_back(r.name);
  return names;
}

SelectiveKeyRule listing_rule(std::string key, std::string lacks, std::string before, std::string after) {
  auto belongs = [before = std::move(before), after = std::move(after)](const std::vector<KeyReader>& readers) {
    return before + join_and(reader_names(readers)) + after;
  };
  return {std::move(key), std::move(lacks), std::move(belongs), false};
}

SelectiveKeyRule fixed_rule(std::string key, std::string lacks, std::string hint) {
  auto belongs = [hint = std::move(hint)](const std::vector<KeyReader>&) { return hint; };
  return {std::move(key), std::move(lacks), std::move(belongs), false};
}

}  // namespace marina

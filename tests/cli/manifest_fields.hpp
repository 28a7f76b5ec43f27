// Reading the test corpora's manifests (tests/bad_inputs/cases.txt, tests/platforms/manifest.txt):
// one case per line, fields separated by '|', and GoogleTest names made from free text.
#pragma once

#include <cctype>
#include <string>
#include <vector>

namespace marina::testing {

inline std::string trimmed(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

inline std::vector<std::string> split_fields(const std::string& line) {
  std::vector<std::string> fields;
  std::size_t start = 0;
  for (;;) {
    const std::size_t bar = line.find('|', start);
    fields.push_back(trimmed(line.substr(start, bar - start)));
    if (bar == std::string::npos) return fields;
    start = bar + 1;
  }
}

// GoogleTest names allow letters, digits and underscores only.
inline std::string identifier(const std::string& text) {
  std::string out;
  for (const char c : text) out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return out;
}

}  // namespace marina::testing

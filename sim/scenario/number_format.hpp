// Deterministic text for numbers: the shortest decimal that reads back to the same double
// (std::to_chars), so reruns produce byte-identical files on any machine.
#pragma once

#include <charconv>
#include <string>

namespace marina {

inline std::string format_number(double v) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

}  // namespace marina

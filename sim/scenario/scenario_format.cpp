#include "sim/scenario/scenario_format.hpp"

#include <cassert>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <system_error>

namespace marina {
namespace {

// TOML needs a '.' or an exponent to read a number back as a float, not an integer.
std::string toml_real(double v) {
  std::string s = format_real(v);
  if (std::isfinite(v) && s.find_first_of(".eE") == std::string::npos) s += ".0";
  return s;
}

}  // namespace

std::string format_real(double v) {
  char buffer[64];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
  assert(ec == std::errc());
  return std::string(buffer, end);
}

std::string toml_string(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned char>(c));
          out += escaped;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

std::string param_text(const Param& p) {
  if (!p.is_keyword) return format_real(p.value);
  if (p.value == 1.0) return p.keyword;
  return p.keyword + "*" + format_real(p.value);
}

std::string toml_literal(const ScenarioValue& v) {
  if (const bool* b = std::get_if<bool>(&v)) return *b ? "true" : "false";
  if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (const double* d = std::get_if<double>(&v)) return toml_real(*d);
  if (const auto* s = std::get_if<std::string>(&v)) return toml_string(*s);
  if (const auto* list = std::get_if<std::vector<double>>(&v)) {
    std::string out = "[";
    for (std::size_t i = 0; i < list->size(); ++i) out += (i ? ", " : "") + toml_real((*list)[i]);
    return out + "]";
  }
  const Param& p = std::get<Param>(v);
  return p.is_keyword ? toml_string(param_text(p)) : toml_real(p.value);
}

}  // namespace marina

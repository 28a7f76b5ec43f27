#include "sim/scenario/scenario_convert.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <system_error>
#include <vector>

#include "sim/scenario/scenario_format.hpp"
#include "sim/scenario/scenario_keys.hpp"

namespace marina {
namespace {

[[noreturn]] void wrong_shape(const KeySpec& spec, std::string got, std::string hint = "") {
  throw ValueProblem{ValueProblem::Kind::type, expected_shape(spec), std::move(got), std::nullopt,
                     std::move(hint)};
}

std::string join_quoted(const std::vector<std::string>& items, const char* quote) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ", ") + (quote + s + quote);
  return out;
}

std::string range_text(const KeySpec& spec) {
  std::string lo, hi;
  if (spec.min) lo = (spec.min_exclusive ? "> " : ">= ") + format_real(*spec.min);
  if (spec.max) hi = (spec.max_exclusive ? "< " : "<= ") + format_real(*spec.max);
  if (!lo.empty() && !hi.empty()) return lo + " and " + hi;
  return lo + hi;
}

bool in_range(const KeySpec& spec, double x) {
  if (spec.min && (spec.min_exclusive ? !(x > *spec.min) : !(x >= *spec.min))) return false;
  if (spec.max && (spec.max_exclusive ? !(x < *spec.max) : !(x <= *spec.max))) return false;
  return true;
}

void check_range(const KeySpec& spec, double x, const std::string& got,
                 std::optional<std::size_t> element = std::nullopt) {
  if (!in_range(spec, x))
    throw ValueProblem{ValueProblem::Kind::constraint, range_text(spec), got, element, ""};
}

// from_chars rejects an explicit '+', which people do write ("+5", "1e+3" is fine already).
const char* skip_plus(const std::string& t) {
  const bool plus = t.size() > 1 && t[0] == '+' && t[1] != '-' && t[1] != '+';
  return t.data() + (plus ? 1 : 0);
}

std::optional<std::int64_t> parse_integer(const std::string& text) {
  const std::string t = trim(text);
  const char* first = skip_plus(t);
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(first, t.data() + t.size(), v);
  if (ec != std::errc() || end != t.data() + t.size()) return std::nullopt;
  return v;
}

double finite_number(const KeySpec& spec, const std::string& text) {
  const std::optional<double> v = parse_number(text);
  if (!v || !std::isfinite(*v)) wrong_shape(spec, text);
  return *v;
}

std::vector<double> list_from_text(const KeySpec& spec, const std::string& text) {
  std::string body = trim(text);
  const bool open = !body.empty() && body.front() == '[';
  const bool close = !body.empty() && body.back() == ']';
  if (open != close) wrong_shape(spec, text);
  if (open) body = trim(body.substr(1, body.size() - 2));
  std::vector<double> out;
  if (body.empty()) return out;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = body.find(',', start);
    out.push_back(finite_number(spec, body.substr(start, comma - start)));
    if (comma == std::string::npos) return out;
    start = comma + 1;
  }
}

// TOML text is UTF-8, so a string that is not could not be written to the resolved scenario
// of a run folder and read back. Rejects overlong forms, surrogates and code points > U+10FFFF.
bool valid_utf8(const std::string& s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = byte(i);
    const std::size_t length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
    if (length == 0 || i + length > s.size()) return false;
    char32_t cp = length == 1 ? c : c & (0x7f >> length);
    for (std::size_t k = 1; k < length; ++k) {
      if ((byte(i + k) & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (byte(i + k) & 0x3f);
    }
    static constexpr char32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kSmallest[length] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += length;
  }
  return true;
}

// Shells keep quotes when the user writes --set 'name="a b"'; accept that spelling as well.
std::string unquote(const std::string& text) {
  const std::string t = trim(text);
  if (t.size() >= 2 && (t.front() == '"' || t.front() == '\'') && t.back() == t.front())
    return t.substr(1, t.size() - 2);
  return t;
}

}  // namespace

std::string trim(const std::string& s) {
  const char* space = " \t\r\n";
  const std::size_t first = s.find_first_not_of(space);
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(space) - first + 1);
}

std::string expected_shape(const KeySpec& spec) {
  switch (spec.type) {
    case ValueType::boolean: return "true or false";
    case ValueType::integer: return "an integer";
    case ValueType::real: return "a finite number";
    case ValueType::string:
      return spec.choices.empty() ? "a string" : "one of " + join_quoted(spec.choices, "\"");
    case ValueType::real_list: return "an array of finite numbers";
    case ValueType::param: {
      std::string forms;
      for (const std::string& kw : spec.keywords)
        forms += ", \"" + kw + "\", \"" + kw + "*x\", \"x*" + kw + "\"";
      return "a finite number" + forms + " (x > 0)";
    }
  }
  return "";
}

std::string file_problem_message(const KeySpec& spec, const ValueProblem& problem) {
  std::string subject = spec.key;
  if (problem.element) subject += "[" + std::to_string(*problem.element) + "]";
  std::string message = problem.kind == ValueProblem::Kind::type
                            ? subject + ": expected " + problem.expected
                            : subject + " must be " + problem.expected;
  if (!problem.got.empty()) message += ", got " + problem.got;
  if (!problem.hint.empty()) message += " (" + problem.hint + ")";
  return message;
}

std::string override_problem_message(const std::string& assignment, const KeySpec& spec,
                                     const ValueProblem& problem) {
  // The user's text is already in the assignment; repeating it as "got" adds nothing.
  if (problem.kind == ValueProblem::Kind::type) {
    std::string message = assignment + ": expected " + problem.expected;
    return problem.hint.empty() ? message : message + " (" + problem.hint + ")";
  }
  return assignment + ": " + file_problem_message(spec, problem);
}

std::optional<double> parse_number(const std::string& text) {
  const std::string t = trim(text);
  const char* first = skip_plus(t);
  double v = 0;
  const auto [end, ec] = std::from_chars(first, t.data() + t.size(), v);
  if (ec != std::errc() || end != t.data() + t.size() || t.empty()) return std::nullopt;
  return v;
}

Param parse_param(const KeySpec& spec, const std::string& text) {
  const std::string t = trim(text);
  const auto is_keyword = [&](const std::string& w) {
    for (const std::string& kw : spec.keywords)
      if (w == kw) return true;
    return false;
  };
  const std::string got = toml_string(text);
  if (const std::optional<double> v = parse_number(t)) {
    if (!std::isfinite(*v)) wrong_shape(spec, got);
    return Param{false, "", *v};
  }
  if (is_keyword(t)) return Param{true, t, 1.0};
  const std::size_t star = t.find('*');
  if (star == std::string::npos || t.find('*', star + 1) != std::string::npos) {
    const std::string near = closest_match(t, spec.keywords);
    wrong_shape(spec, got, near.empty() ? "" : "did you mean \"" + near + "\"?");
  }
  std::string left = trim(t.substr(0, star)), right = trim(t.substr(star + 1));
  if (!is_keyword(left)) std::swap(left, right);
  const std::optional<double> factor = parse_number(right);
  if (!is_keyword(left) || !factor || !std::isfinite(*factor) || !(*factor > 0))
    wrong_shape(spec, got);
  return Param{true, left, *factor};
}

ScenarioValue value_from_text(const KeySpec& spec, const std::string& text) {
  switch (spec.type) {
    case ValueType::boolean: {
      const std::string t = trim(text);
      if (t != "true" && t != "false") wrong_shape(spec, text);
      return t == "true";
    }
    case ValueType::integer: {
      const std::optional<std::int64_t> v = parse_integer(text);
      if (!v) wrong_shape(spec, text);
      return *v;
    }
    case ValueType::real: return finite_number(spec, text);
    case ValueType::string:
      if (!valid_utf8(text)) wrong_shape(spec, "", "the text is not valid UTF-8");
      return unquote(text);
    case ValueType::real_list: return list_from_text(spec, text);
    case ValueType::param: return parse_param(spec, unquote(text));
  }
  wrong_shape(spec, text);
}

void check_constraints(const KeySpec& spec, const ScenarioValue& value) {
  if (const auto* i = std::get_if<std::int64_t>(&value)) {
    check_range(spec, static_cast<double>(*i), std::to_string(*i));
  } else if (const double* d = std::get_if<double>(&value)) {
    check_range(spec, *d, format_real(*d));
  } else if (const auto* s = std::get_if<std::string>(&value)) {
    if (spec.choices.empty()) return;
    for (const std::string& c : spec.choices)
      if (*s == c) return;
    const std::string near = closest_match(*s, spec.choices);
    throw ValueProblem{ValueProblem::Kind::constraint, "one of " + join_quoted(spec.choices, ""),
                       toml_string(*s), std::nullopt,
                       near.empty() ? "" : "did you mean \"" + near + "\"?"};
  } else if (const auto* list = std::get_if<std::vector<double>>(&value)) {
    for (std::size_t i = 0; i < list->size(); ++i)
      check_range(spec, (*list)[i], format_real((*list)[i]), i);
  } else if (const Param* p = std::get_if<Param>(&value)) {
    if (!p->is_keyword) check_range(spec, p->value, format_real(p->value));
  }
}

}  // namespace marina

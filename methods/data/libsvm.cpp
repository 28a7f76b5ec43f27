#include "methods/data/libsvm.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "methods/common/input_error.hpp"

namespace marina {
namespace {

// Eigen's sparse matrices store indices and offsets as int.
constexpr long long kMaxStorageIndex = std::numeric_limits<int>::max();

// One read of the whole file, then parsing from memory: stream extraction is several
// times slower on files of a few megabytes.
std::string read_whole_file(const std::string& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) throw InputError(path, 0, std::string("cannot open file (") + std::strerror(errno) + ")");
  std::string text;
  char buffer[1 << 16];
  std::size_t got = 0;
  while ((got = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) text.append(buffer, got);
  // fopen succeeds on a directory on Linux; the failure only shows on the first read.
  if (std::ferror(file.get()))
    throw InputError(path, 0, std::string("cannot open file (") + std::strerror(errno) + ")");
  return text;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

std::string_view next_token(std::string_view& rest) {
  std::size_t begin = 0;
  while (begin < rest.size() && is_space(rest[begin])) ++begin;
  std::size_t end = begin;
  while (end < rest.size() && !is_space(rest[end])) ++end;
  std::string_view token = rest.substr(begin, end - begin);
  rest.remove_prefix(end);
  return token;
}

// A number that must fill the whole token. from_chars rejects the leading '+' that LIBSVM
// labels carry ("+1"), so it is dropped first.
std::optional<double> parse_double(std::string_view s) {
  if (s.size() > 1 && s[0] == '+' && s[1] != '+' && s[1] != '-') s.remove_prefix(1);
  const char* end = s.data() + s.size();
  double value = 0.0;
  const auto [stop, ec] = std::from_chars(s.data(), end, value);
  if (ec == std::errc::invalid_argument || stop != end) return std::nullopt;
  if (ec == std::errc::result_out_of_range) {
    // from_chars leaves `value` untouched here; strtod tells overflow (inf, rejected later
    // as not finite) from harmless underflow (a tiny number or zero).
    const std::string copy(s);
    return std::strtod(copy.c_str(), nullptr);
  }
  return value;
}

// An integer that must fill the whole token; one beyond long long saturates, so that it is
// reported as too large rather than as malformed.
std::optional<long long> parse_integer(std::string_view s) {
  const char* end = s.data() + s.size();
  long long value = 0;
  const auto [stop, ec] = std::from_chars(s.data(), end, value);
  if (ec == std::errc::invalid_argument || stop != end) return std::nullopt;
  if (ec == std::errc::result_out_of_range)
    return s[0] == '-' ? std::numeric_limits<long long>::min() : std::numeric_limits<long long>::max();
  return value;
}

std::string format_number(double x) {
  char buffer[32];
  const auto [stop, ec] = std::to_chars(buffer, buffer + sizeof buffer, x);
  return ec == std::errc{} ? std::string(buffer, stop) : std::string("?");
}

std::string format_set(std::vector<double> labels) {
  std::sort(labels.begin(), labels.end());
  std::string out = "{";
  for (std::size_t i = 0; i < labels.size(); ++i) out += (i ? ", " : "") + format_number(labels[i]);
  return out + "}";
}

// The distinct labels of a file, checked as they appear so that an error can point at the
// line that broke the set. The known pairs all map their smaller label to -1.
class LabelSet {
 public:
  explicit LabelSet(const std::string& path) : path_(path) {}

  void add(double label, long line) {
    if (std::find(seen_.begin(), seen_.end(), label) != seen_.end()) return;
    seen_.push_back(label);
    if (seen_.size() > 2)
      throw InputError(path_, line,
                       "labels " + format_set(seen_) + " are not binary (expected two classes: " + kExpected + ")");
    if (invalid_line_ == 0 && !within_known_pair()) invalid_line_ = line;
  }

  // Called once the whole file is read, when the full set is known and can be named.
  void check_complete() const {
    if (invalid_line_ == 0) return;
    const std::string what = seen_.size() == 1 ? "label " + format_number(seen_[0]) + " is not a known binary label"
                                               : "labels " + format_set(seen_) + " are not a known binary pair";
    throw InputError(path_, invalid_line_, what + " (expected " + kExpected + ")");
  }

  double to_pm1(double label) const {
    if (seen_.size() == 2) return label == std::max(seen_[0], seen_[1]) ? 1.0 : -1.0;
    // A lone label: -1 and 0 are the negative class in their pairs, 2 the positive one,
    // and 1 is positive in two of the three conventions.
    return label > 0 ? 1.0 : -1.0;
  }

 private:
  static constexpr const char* kExpected = "{-1, +1}, {0, 1} or {1, 2}";

  bool within_known_pair() const {
    constexpr double pairs[3][2] = {{-1.0, 1.0}, {0.0, 1.0}, {1.0, 2.0}};
    return std::any_of(std::begin(pairs), std::end(pairs), [&](const double(&pair)[2]) {
      return std::all_of(seen_.begin(), seen_.end(), [&](double l) { return l == pair[0] || l == pair[1]; });
    });
  }

  const std::string& path_;
  std::vector<double> seen_;  // in order of first appearance, at most 3
  long invalid_line_ = 0;     // first line whose label left every known pair
};

// Builds the matrix directly in compressed-row form: rows arrive in order and indices
// increase within a row, which is exactly CSR's layout.
class Parser {
 public:
  explicit Parser(const std::string& path) : path_(path), labels_(path) {}

  void parse_line(std::string_view text, long line) {
    text = text.substr(0, text.find('#'));  // svmlight's trailing comment
    std::string_view token = next_token(text);
    if (token.empty()) return;  // blank or whitespace-only line
    raw_labels_.push_back(parse_label(token, line));
    long long previous = 0;
    for (token = next_token(text); !token.empty(); token = next_token(text))
      previous = parse_feature(token, line, previous);
    outer_.push_back(static_cast<int>(inner_.size()));
  }

  Dataset finish() {
    if (raw_labels_.empty()) throw InputError(path_, 0, "file is empty (no samples)");
    labels_.check_complete();
    Dataset data;
    const auto rows = static_cast<Index>(raw_labels_.size());
    data.labels.resize(rows);
    for (Index r = 0; r < rows; ++r) data.labels[r] = labels_.to_pm1(raw_labels_[static_cast<std::size_t>(r)]);
    // The arrays are copied in as they are: assigning an Eigen::Map instead goes through a
    // temporary that reserves 2 * max(rows, cols) entries, gigabytes for one `1:x 1000000000:y`.
    data.features.resize(rows, static_cast<Index>(cols_));
    data.features.resizeNonZeros(static_cast<Index>(inner_.size()));
    std::copy(outer_.begin(), outer_.end(), data.features.outerIndexPtr());
    std::copy(inner_.begin(), inner_.end(), data.features.innerIndexPtr());
    std::copy(values_.begin(), values_.end(), data.features.valuePtr());
    data.origin = path_;
    return data;
  }

 private:
  double parse_label(std::string_view token, long line) {
    const std::optional<double> label = parse_double(token);
    if (!label)
      throw InputError(path_, line,
                       "label '" + std::string(token) + "' is not a number (each line starts with the label)");
    if (!std::isfinite(*label)) throw InputError(path_, line, "label '" + std::string(token) + "' is not finite");
    labels_.add(*label, line);
    return *label;
  }

  // Returns the index just read, which the next feature of the line must exceed.
  long long parse_feature(std::string_view token, long line, long long previous) {
    const std::size_t colon = token.find(':');
    const std::optional<long long> index =
        colon == std::string_view::npos ? std::nullopt : parse_integer(token.substr(0, colon));
    const std::string_view value_text = colon == std::string_view::npos ? token : token.substr(colon + 1);
    if (!index || value_text.empty())
      throw InputError(path_, line, "bad token '" + std::string(token) + "' (expected index:value)");
    if (*index < 1) throw InputError(path_, line, "feature index " + std::to_string(*index) + " (indices start at 1)");
    if (*index > kMaxStorageIndex)
      throw InputError(path_, line,
                       "feature index " + std::string(token.substr(0, colon)) + " is too large (at most " +
                           std::to_string(kMaxStorageIndex) + ")");
    if (*index <= previous)
      throw InputError(path_, line,
                       "feature index " + std::to_string(*index) + " after " + std::to_string(previous) +
                           " (indices must increase within a line)");
    const std::optional<double> value = parse_double(value_text);
    if (!value || !std::isfinite(*value)) {
      const std::string problem = value ? "' is not finite" : "' is not a number";
      throw InputError(path_, line, "value '" + std::string(value_text) + problem + " in '" + std::string(token) + "'");
    }
    cols_ = std::max(cols_, *index);
    // A written zero is still a zero: storing it would only inflate nnz-based work counts.
    if (*value != 0.0) store(static_cast<int>(*index - 1), *value, line);
    return *index;
  }

  void store(int column, double value, long line) {
    if (static_cast<long long>(inner_.size()) >= kMaxStorageIndex)
      throw InputError(path_, line, "too many nonzeros (at most " + std::to_string(kMaxStorageIndex) + ")");
    inner_.push_back(column);
    values_.push_back(value);
  }

  const std::string& path_;
  LabelSet labels_;
  std::vector<double> raw_labels_;
  std::vector<int> outer_{0};  // CSR row offsets: row r is [outer_[r], outer_[r+1])
  std::vector<int> inner_;     // CSR column of each nonzero
  std::vector<double> values_;
  long long cols_ = 0;
};

}  // namespace

Dataset read_libsvm(const std::string& path) {
  const std::string contents = read_whole_file(path);
  std::string_view text = contents;
  // Some editors on Windows prefix a byte-order mark; it is not part of the first label.
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  Parser parser(path);
  long line = 0;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    parser.parse_line(text.substr(0, end), ++line);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
  }
  return parser.finish();
}

}  // namespace marina

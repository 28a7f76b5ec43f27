#include "sim/engine/simgrid_last_words.hpp"

#include <sstream>

namespace marina {

namespace {

constexpr const char* kCriticalTag = "/CRITICAL] ";

bool speaks_of_an_error(const std::string& line) {
  for (const char* word : {"rror", "nvalid", "unknown", "Unknown", "egmentation"})
    if (line.find(word) != std::string::npos) return true;
  return false;
}

bool is_backtrace(const std::string& line) {
  return line.rfind("Backtrace", 0) == 0 || line.find("->  ") != std::string::npos;
}

// Drops the "[0.000000] ./src/x.cpp:279: [root/CRITICAL] " of a SimGrid log line.
std::string without_log_prefix(std::string line) {
  const auto tag = line.find(kCriticalTag);
  if (tag != std::string::npos) return line.substr(tag + std::string(kCriticalTag).size());
  while (!line.empty() && line.front() == '[') {
    const auto close = line.find("] ");
    if (close == std::string::npos) break;
    line = line.substr(close + 2);
  }
  return line;
}

// "[0.000000] [xbt_cfg/INFO] ..." and the like: a SimGrid log line at a level below CRITICAL.
bool is_noncritical_log_line(const std::string& line) {
  if (line.empty() || line[0] != '[') return false;
  for (const char* level : {"/TRACE] ", "/DEBUG] ", "/VERBOSE] ", "/INFO] ", "/WARNING] ", "/ERROR] "})
    if (line.find(level) != std::string::npos) return true;
  return false;
}

}  // namespace

std::string without_noncritical_log_lines(const std::string& output) {
  std::istringstream in(output);
  std::string kept;
  for (std::string line; std::getline(in, line);)
    if (!is_noncritical_log_line(line)) kept += line + "\n";
  return kept;
}

bool is_simgrid_fatal_line(const std::string& line) { return line.find(kCriticalTag) != std::string::npos; }

std::string simgrid_last_words(const std::string& output) {
  std::istringstream in(output);
  std::string line, fatal, error, last;
  while (std::getline(in, line)) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (line.empty() || is_backtrace(line)) continue;
    if (fatal.empty() && is_simgrid_fatal_line(line)) fatal = line;
    if (error.empty() && speaks_of_an_error(line)) error = line;
    last = line;
  }
  std::string out = without_log_prefix(!fatal.empty() ? fatal : !error.empty() ? error : last);
  return out.size() > 300 ? out.substr(0, 300) + "..." : out;
}

}  // namespace marina

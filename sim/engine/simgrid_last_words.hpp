// What SimGrid said before it ended the process: SimGrid 3.32 reports a fatal problem as one
// log line at CRITICAL level (xbt_assert, xbt_die, an uncaught exception), then prints a
// backtrace and aborts. marina-sim shows the user that one line, without the backtrace.
#pragma once

#include <string>

namespace marina {

// True for a line of SimGrid's fatal CRITICAL message ("[0.000000] file:279: [root/CRITICAL] ...").
bool is_simgrid_fatal_line(const std::string& line);

// The most telling line of `output` (what a dying SimGrid process printed): the CRITICAL
// message if there is one, else the first line that speaks of an error, else the last line;
// without SimGrid's "[time] file:line: [category/LEVEL] " prefix, cut at 300 characters.
// Empty when `output` has no text.
std::string simgrid_last_words(const std::string& output);

// `output` without SimGrid's log lines below CRITICAL: what it would have printed with
// --log=root.thres:critical.
std::string without_noncritical_log_lines(const std::string& output);

}  // namespace marina

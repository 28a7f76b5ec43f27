// The one exception type for bad user input (DESIGN.md "Errors"): it carries the file and,
// where known, the line, up to main(), which prints one line and exits with status 2.
#pragma once

#include <stdexcept>
#include <string>

namespace marina {

class InputError : public std::runtime_error {
 public:
  InputError(std::string file, long line, const std::string& message)
      : std::runtime_error(format(file, line, message)), file_(std::move(file)), line_(line),
        message_(message) {}
  InputError(std::string file, const std::string& message) : InputError(std::move(file), 0, message) {}

  const std::string& file() const { return file_; }
  long line() const { return line_; }  // 0 when the problem has no line
  const std::string& message() const { return message_; }

 private:
  static std::string format(const std::string& file, long line, const std::string& message) {
    std::string out = file;
    if (line > 0) out.append(":").append(std::to_string(line));
    if (!out.empty()) out.append(": ");
    out.append(message);
    return out;
  }
  std::string file_;
  long line_;
  std::string message_;
};

}  // namespace marina

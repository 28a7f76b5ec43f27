#include "sim/engine/simulation_process.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include "methods/common/input_error.hpp"
#include "sim/engine/simgrid_last_words.hpp"

namespace marina {

namespace {

void write_all(int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

// SimGrid's own output: its log lines ("[time] [category/LEVEL] ..."), the backtraces it prints
// with some of them, and the blank line after a backtrace.
bool is_simgrid_output(const std::string& line) {
  return line.empty() || line[0] == '[' || line[0] == '\n' || line.rfind("Backtrace", 0) == 0 ||
         line.rfind("  -> ", 0) == 0;
}

// Passes the child's stderr on as it arrives, but holds SimGrid's own lines back until the
// child writes a line of its own or exits normally: when SimGrid kills the run, what it said
// before dying (INFO lines about the failing comm, backtraces, the fatal CRITICAL message) is
// summed up in one line instead. Partial lines that are not SimGrid's (the progress line,
// which never ends) go on at once. Past kMaxHeld bytes of SimGrid chatter (a debug log the
// user asked for), the held text goes on too, so memory stays bounded.
class StderrRelay {
 public:
  void take(const std::string& chunk) {
    pending_ += chunk;
    std::size_t start = 0;
    for (std::size_t nl; (nl = pending_.find('\n', start)) != std::string::npos; start = nl + 1)
      line(pending_.substr(start, nl + 1 - start));
    pending_.erase(0, start);
    if (!pending_.empty() && !fatal_ && !is_simgrid_output(pending_)) {
      release();
      write_all(STDERR_FILENO, pending_);
      pending_.clear();
    }
  }
  // The child ended normally: nothing is hidden.
  void flush() {
    release();
    write_all(STDERR_FILENO, pending_);
    pending_.clear();
  }
  std::string unshown() const { return held_ + pending_; }

 private:
  static constexpr std::size_t kMaxHeld = 1 << 20;

  void line(const std::string& text) {
    fatal_ = fatal_ || is_simgrid_fatal_line(text);
    if (fatal_ || is_simgrid_output(text)) {
      held_ += text;
      if (!fatal_ && held_.size() > kMaxHeld) release();
      return;
    }
    release();
    write_all(STDERR_FILENO, text);
  }
  void release() {
    write_all(STDERR_FILENO, held_);
    held_.clear();
  }

  std::string pending_, held_;
  bool fatal_ = false;  // SimGrid's fatal message was seen: everything after it is held
};

int wait_for(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

}  // namespace

void end_simulation_process(int status) {
  std::cout.flush();
  std::fflush(nullptr);
  std::_Exit(status);
}

std::optional<int> fork_simulation_process(const std::string& platform_file) {
  int pipe_fds[2];
  if (::pipe(pipe_fds) != 0) throw InputError(platform_file, "cannot start the simulation (pipe failed)");
  std::cout.flush();
  std::fflush(nullptr);  // nothing buffered before the fork is written twice
  const pid_t pid = ::fork();
  if (pid < 0) throw InputError(platform_file, "cannot start the simulation (fork failed)");
  if (pid == 0) {
    ::close(pipe_fds[0]);
    ::dup2(pipe_fds[1], STDERR_FILENO);
    ::close(pipe_fds[1]);
    return std::nullopt;
  }
  ::close(pipe_fds[1]);
  StderrRelay relay;
  char buf[4096];
  for (;;) {
    const ssize_t n = ::read(pipe_fds[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    relay.take(std::string(buf, static_cast<std::size_t>(n)));
  }
  ::close(pipe_fds[0]);
  const int status = wait_for(pid);
  if (WIFEXITED(status)) {
    relay.flush();
    return WEXITSTATUS(status);
  }
  const int signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  // Killed from outside (a closed stdout pipe, the terminal, kill): end the same way, as the one
  // process did before.
  for (const int outside : {SIGPIPE, SIGINT, SIGTERM, SIGHUP})
    if (signal == outside) {
      relay.flush();
      std::signal(signal, SIG_DFL);
      ::raise(signal);
    }
  const std::string said = simgrid_last_words(relay.unshown());
  throw InputError(platform_file, said.empty() ? "the simulation died (" + std::string(::strsignal(signal)) + ")"
                                               : "SimGrid stopped the run: " + said);
}

}  // namespace marina

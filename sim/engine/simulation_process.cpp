#include "sim/engine/simulation_process.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
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

// Passes the child's stderr on as it arrives (so progress lines and SimGrid's own log lines
// show live), except from SimGrid's first fatal line on: that text, the message and its
// backtrace, is held until we know whether the child died of it.
class StderrRelay {
 public:
  void take(const std::string& chunk) {
    if (holding_) {
      held_ += chunk;
      return;
    }
    pending_ += chunk;
    std::size_t start = 0;
    for (std::size_t nl; (nl = pending_.find('\n', start)) != std::string::npos; start = nl + 1) {
      const std::string line = pending_.substr(start, nl + 1 - start);
      if (is_simgrid_fatal_line(line)) {
        holding_ = true;
        held_ = pending_.substr(start);
        pending_.clear();
        return;
      }
      write_all(STDERR_FILENO, line);
    }
    pending_.erase(0, start);
    // A partial line goes on now (the progress line never ends) unless it may be a SimGrid log
    // line, which starts with '[' and is checked once whole.
    if (!pending_.empty() && pending_.front() != '[') {
      write_all(STDERR_FILENO, pending_);
      pending_.clear();
    }
  }
  // The child ended normally: nothing is hidden.
  void flush() {
    write_all(STDERR_FILENO, pending_ + held_);
    pending_.clear();
    held_.clear();
  }
  std::string unshown() const { return pending_ + held_; }

 private:
  std::string pending_, held_;
  bool holding_ = false;
};

int wait_for(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

}  // namespace

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
  const std::string said = simgrid_last_words(relay.unshown());
  throw InputError(platform_file, said.empty() ? "the simulation died (" + std::string(::strsignal(signal)) + ")"
                                               : "SimGrid stopped the run: " + said);
}

}  // namespace marina

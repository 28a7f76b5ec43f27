#include "sim/engine/simulation_process.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <sstream>
#include <utility>

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
//
// Until the child's platform is loaded everything is held (loading_): the child writes nothing
// of its own then, unless it is about to end with an error.
class StderrRelay {
 public:
  void take(const std::string& chunk) {
    if (loading_) {
      loading_text_ += chunk;
      return;
    }
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
  // The platform is loaded: what was held goes through the usual rules.
  void platform_loaded() {
    if (!loading_) return;
    loading_ = false;
    take(std::exchange(loading_text_, std::string()));
  }
  bool loading() const { return loading_; }
  // The child ended normally: nothing is hidden.
  void flush() {
    platform_loaded();
    release();
    write_all(STDERR_FILENO, pending_);
    pending_.clear();
  }
  // What the child wrote of its own before its platform was loaded (an error), without
  // SimGrid's chatter.
  std::string own_lines() const {
    std::istringstream in(loading_text_);
    std::string own;
    for (std::string text; std::getline(in, text);)
      if (!is_simgrid_output(text)) own += text + "\n";
    return own;
  }
  std::string unshown() const { return loading_text_ + held_ + pending_; }

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

  std::string pending_, held_, loading_text_;
  bool fatal_ = false;    // SimGrid's fatal message was seen: everything after it is held
  bool loading_ = true;   // the child has not loaded its platform yet
};

// The child's "platform loaded" byte, read without blocking: true once it came.
bool platform_loaded_byte(int fd) {
  char byte = 0;
  ssize_t n;
  while ((n = ::read(fd, &byte, 1)) < 0 && errno == EINTR) {
  }
  return n == 1;
}

// The child died, or SimGrid ended it, while loading its platform: what SimGrid said at
// CRITICAL level, as the separate platform check (run with --log=root.thres:critical) saw it.
InputError platform_refused(const std::string& platform_file, const std::string& output) {
  const std::string why = simgrid_last_words(without_noncritical_log_lines(output));
  return InputError(platform_file, "not a valid SimGrid platform" + (why.empty() ? std::string() : ": " + why));
}

// What a run too large for the defaults needs, when that is why it died: SimGrid 3.32 gives
// every actor a stack with a guard page, and the kernel allows some 65,000 memory mappings, so
// about 30,000 actors are the most it can start (docs/performance.md "A million clients"); the
// kernel kills a process that runs out of memory.
std::string large_run_hint(const std::string& said, int signal) {
  if (said.find("Failed to protect stack") != std::string::npos)
    return " (more than about 30,000 workers need --cfg=contexts/stack-size:16 --cfg=contexts/guard-size:0; "
           "see docs/performance.md \"A million clients\")";
  if (said.empty() && signal == SIGKILL)
    return " (out of memory? a worker takes about 30 KB; see docs/performance.md \"A million clients\")";
  return "";
}

int loaded_fd_in_child = -1;  // the child's end of the "platform loaded" pipe

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

void platform_loaded_in_child() {
  if (loaded_fd_in_child < 0) return;
  const char byte = 1;
  while (::write(loaded_fd_in_child, &byte, 1) < 0 && errno == EINTR) {
  }
  ::close(loaded_fd_in_child);
  loaded_fd_in_child = -1;
}

std::optional<int> fork_simulation_process(const std::string& platform_file,
                                           const std::function<void(int child_pid)>& clean_up) {
  int pipe_fds[2], loaded_fds[2];
  if (::pipe(pipe_fds) != 0) throw InputError(platform_file, "cannot start the simulation (pipe failed)");
  if (::pipe(loaded_fds) != 0) {
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    throw InputError(platform_file, "cannot start the simulation (pipe failed)");
  }
  std::cout.flush();
  std::fflush(nullptr);  // nothing buffered before the fork is written twice
  const pid_t pid = ::fork();
  if (pid < 0) throw InputError(platform_file, "cannot start the simulation (fork failed)");
  if (pid == 0) {
    ::close(pipe_fds[0]);
    ::close(loaded_fds[0]);
    ::dup2(pipe_fds[1], STDERR_FILENO);
    ::close(pipe_fds[1]);
    loaded_fd_in_child = loaded_fds[1];
    return std::nullopt;
  }
  ::close(pipe_fds[1]);
  ::close(loaded_fds[1]);
  ::fcntl(loaded_fds[0], F_SETFL, O_NONBLOCK);
  StderrRelay relay;
  // The byte is written before anything the child writes after loading, so it is there by the
  // time that text is read.
  const auto check_loaded = [&] {
    if (relay.loading() && platform_loaded_byte(loaded_fds[0])) relay.platform_loaded();
  };
  char buf[4096];
  for (;;) {
    const ssize_t n = ::read(pipe_fds[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    check_loaded();
    relay.take(std::string(buf, static_cast<std::size_t>(n)));
  }
  ::close(pipe_fds[0]);
  const int status = wait_for(pid);
  check_loaded();
  ::close(loaded_fds[0]);
  if (WIFEXITED(status)) {
    const int code = WEXITSTATUS(status);
    if (!relay.loading() || code == 0) {
      relay.flush();
      return code;
    }
    // The platform failed to load: the child's own error line, or else SimGrid ended it.
    if (const std::string own = relay.own_lines(); !own.empty()) {
      write_all(STDERR_FILENO, own);
      return code;
    }
    throw platform_refused(platform_file, relay.unshown());
  }
  clean_up(static_cast<int>(pid));
  const int signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  // Killed from outside (a closed stdout pipe, the terminal, kill): end the same way, as the one
  // process did before.
  for (const int outside : {SIGPIPE, SIGINT, SIGTERM, SIGHUP})
    if (signal == outside) {
      relay.flush();
      std::signal(signal, SIG_DFL);
      ::raise(signal);
    }
  if (relay.loading()) throw platform_refused(platform_file, relay.unshown());
  const std::string said = simgrid_last_words(relay.unshown());
  throw InputError(platform_file, (said.empty() ? "the simulation died (" + std::string(::strsignal(signal)) + ")"
                                                : "SimGrid stopped the run: " + said) +
                                      large_run_hint(said, signal));
}

}  // namespace marina

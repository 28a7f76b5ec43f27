// Runs a SimGrid test body in a forked child (SimGrid keeps one engine per process, and
// aborts on some malformed platforms), for the tests of tests/sim/.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <exception>
#include <functional>
#include <string>

namespace marina::testing {

// Runs body in a forked child; returns "" if it returned "" and exited normally, else what went
// wrong (SimGrid aborts on malformed platforms, and its own message is on stderr).
inline std::string in_child(const std::function<std::string()>& body) {
  int fds[2];
  if (pipe(fds) != 0) return "pipe() failed";
  std::fflush(nullptr);
  const pid_t pid = fork();
  if (pid < 0) return "fork() failed";
  if (pid == 0) {
    close(fds[0]);
    std::string message;
    try {
      message = body();
    } catch (const std::exception& e) {
      message = std::string("exception: ") + e.what();
    }
    if (!message.empty() && write(fds[1], message.data(), message.size()) < 0) message = "write failed";
    std::fflush(nullptr);
    _exit(message.empty() ? 0 : 1);
  }
  close(fds[1]);
  std::string message;
  char buf[512];
  for (ssize_t got; (got = read(fds[0], buf, sizeof buf)) > 0;) message.append(buf, static_cast<std::size_t>(got));
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (WIFSIGNALED(status)) return "child killed by signal " + std::to_string(WTERMSIG(status)) + " " + message;
  if (WEXITSTATUS(status) != 0 && message.empty()) return "child exited with " + std::to_string(WEXITSTATUS(status));
  return message;
}

}  // namespace marina::testing

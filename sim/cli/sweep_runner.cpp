#include "sim/cli/sweep_runner.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>

#include "methods/common/input_error.hpp"
#include "sim/output/run_folder.hpp"

extern char** environ;

namespace fs = std::filesystem;

namespace marina {

std::string self_executable() { return fs::read_symlink("/proc/self/exe").string(); }

std::vector<const SweepPoint*> pending_points(const SweepSpec& spec, const std::string& sweep_dir) {
  std::vector<const SweepPoint*> out;
  for (const SweepPoint& p : spec.points)
    if (!is_finished_run(run_folder_of(sweep_dir, p))) out.push_back(&p);
  return out;
}

std::vector<std::string> run_command_line(const std::string& executable, const SweepSpec& spec,
                                          const SweepPoint& point, const std::string& sweep_dir) {
  std::vector<std::string> args{executable, "run", spec.base};
  for (const auto& o : point.overrides) {
    args.push_back("--set");
    args.push_back(o);
  }
  args.push_back("--out");
  args.push_back(fs::absolute(run_folder_of(sweep_dir, point)).lexically_normal().string());
  args.push_back("--quiet");
  return args;
}

std::string shell_join(const std::vector<std::string>& args) {
  std::string out;
  for (const auto& a : args) {
    bool plain = !a.empty();
    for (char c : a)
      if (!(std::isalnum(static_cast<unsigned char>(c)) || std::string("-_./=+,:").find(c) != std::string::npos)) plain = false;
    std::string q = a;
    if (!plain) {
      q = "'";
      for (char c : a) q += (c == '\'') ? std::string("'\\''") : std::string(1, c);
      q += "'";
    }
    out += (out.empty() ? "" : " ") + q;
  }
  return out;
}

namespace {

pid_t spawn(const std::vector<std::string>& args, const std::string& log_path) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw InputError(args[0], "cannot start a run: " + std::string(std::strerror(rc)));
  return pid;
}

std::string format_duration(double s) {
  char buf[32];
  const long t = static_cast<long>(s + 0.5);
  if (t >= 3600) std::snprintf(buf, sizeof buf, "%ldh%02ldm", t / 3600, (t / 60) % 60);
  else if (t >= 60) std::snprintf(buf, sizeof buf, "%ldm%02lds", t / 60, t % 60);
  else std::snprintf(buf, sizeof buf, "%lds", t);
  return buf;
}

std::string last_line(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "r");
  if (!f) return "";
  std::string line, last;
  char buf[4096];
  while (std::fgets(buf, sizeof buf, f)) {
    line = buf;
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
    if (!line.empty()) last = line;
  }
  std::fclose(f);
  return last;
}

// A run killed half-way leaves its hidden staging folder `.NAME.partial-PID`; once that
// process is gone the folder is garbage (the run is pending and will be redone).
void remove_abandoned_staging(const fs::path& runs) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(runs, ec)) {
    const std::string name = e.path().filename().string();
    const auto mark = name.rfind(".partial-");
    if (name.empty() || name[0] != '.' || mark == std::string::npos) continue;
    const pid_t pid = static_cast<pid_t>(std::atol(name.c_str() + mark + 9));
    if (pid > 0 && ::kill(pid, 0) == 0) continue;  // still running (another sweep)
    fs::remove_all(e.path(), ec);
  }
}

}  // namespace

std::string progress_line(const std::string& label, std::size_t done_before, std::size_t done_now,
                          std::size_t pending, std::size_t total, std::size_t running, double elapsed_s) {
  const std::string left =
      done_now > 0 ? "about " + format_duration(elapsed_s / static_cast<double>(done_now) *
                                                static_cast<double>(pending - done_now)) + " left"
                   : "? left";
  return "[" + label + "] " + std::to_string(done_before + done_now) + "/" + std::to_string(total) +
         " runs done, " + std::to_string(running) + " running, " + format_duration(elapsed_s) + " elapsed, " + left;
}

SweepRunResult run_sweep_points(const std::string& executable, const SweepSpec& spec, const std::string& sweep_dir,
                                int jobs, bool show_progress, int threads_per_run, const std::string& label) {
  const auto todo = pending_points(spec, sweep_dir);
  fs::create_directories(fs::path(sweep_dir) / "runs");
  remove_abandoned_staging(fs::path(sweep_dir) / "runs");
  SweepRunResult result;
  const int already = static_cast<int>(spec.points.size() - todo.size());
  const auto start = std::chrono::steady_clock::now();
  std::map<pid_t, const SweepPoint*> running;
  std::size_t next = 0;
  auto progress = [&] {
    if (!show_progress) return;
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const std::string line =
        progress_line(label.empty() ? "sweep " + spec.name : label, static_cast<std::size_t>(already),
                      static_cast<std::size_t>(result.finished + result.failed), todo.size(), spec.points.size(),
                      running.size(), elapsed);
    std::fprintf(stderr, "\r%s   ", line.c_str());
    std::fflush(stderr);
  };
  while (next < todo.size() || !running.empty()) {
    while (next < todo.size() && static_cast<int>(running.size()) < jobs) {
      const SweepPoint* p = todo[next++];
      const std::string log = run_folder_of(sweep_dir, *p) + ".log";
      // /proc/self/exe is this very binary even if a rebuild replaced the file meanwhile.
      std::vector<std::string> args = run_command_line(executable, spec, *p, sweep_dir);
      args[0] = "/proc/self/exe";
      if (threads_per_run > 0) args.insert(args.end(), {"--threads", std::to_string(threads_per_run)});
      running[spawn(args, log)] = p;
    }
    progress();
    int status = 0;
    const pid_t pid = ::waitpid(-1, &status, 0);
    if (pid < 0) break;
    const auto it = running.find(pid);
    if (it == running.end()) continue;
    const SweepPoint* p = it->second;
    running.erase(it);
    const std::string log = run_folder_of(sweep_dir, *p) + ".log";
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (code == 0 || code == 3) {
      ++result.finished;
      fs::remove(log);
    } else {
      ++result.failed;
      if (show_progress) std::fputc('\n', stderr);
      std::fprintf(stderr, "marina-sim: run '%s' failed (exit %d): %s\n", p->name.c_str(), code, last_line(log).c_str());
    }
  }
  progress();
  if (show_progress) std::fputc('\n', stderr);
  return result;
}

}  // namespace marina

// Runs the real marina-sim executable in its own process (SimGrid keeps one engine per
// process) and gives tests its exit status, stdout, stderr and run folder.
#pragma once

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace marina::testing {

namespace fs = std::filesystem;

struct CliResult {
  int status = -1;  // exit status, or -1 if the process did not exit normally
  std::string out, err;
};

inline std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += (c == '\'') ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// A fresh temporary folder per test, removed at the end.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "marina-test-XXXXXX").string();
    path_ = ::mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }
  fs::path operator/(const std::string& name) const { return path_ / name; }

 private:
  fs::path path_;
};

// Any executable, run in `workdir` with stdout and stderr captured.
inline CliResult run_program(const std::string& exe, const std::vector<std::string>& args, const fs::path& workdir) {
  const fs::path out = workdir / "stdout.txt";
  const fs::path err = workdir / "stderr.txt";
  std::string cmd = "cd " + shell_quote(workdir.string()) + " && " + shell_quote(exe);
  for (const auto& a : args) cmd += " " + shell_quote(a);
  cmd += " >" + shell_quote(out.string()) + " 2>" + shell_quote(err.string()) + " </dev/null";
  const int raw = std::system(cmd.c_str());
  CliResult r;
  if (raw != -1 && WIFEXITED(raw)) r.status = WEXITSTATUS(raw);
  r.out = read_text(out);
  r.err = read_text(err);
  fs::remove(out);
  fs::remove(err);
  return r;
}

inline CliResult run_cli(const std::vector<std::string>& args, const fs::path& workdir) {
  return run_program(MARINA_EXE, args, workdir);
}

// The distributed path of a sweep: `marina-sim sweep SWEEP --list`, the listed commands run
// with GNU parallel -j2 in `workdir`, then `--collect` into `out`. `failure` is empty when all
// three steps exited 0, else says which failed with its output; `listed` is what --list printed.
struct ParallelSweep {
  std::string listed;
  std::string failure;
};

inline ParallelSweep sweep_via_gnu_parallel(const std::string& sweep, const fs::path& workdir, const fs::path& out) {
  ParallelSweep r;
  const CliResult list = run_cli({"sweep", sweep, "--list", "--out", out.string()}, workdir);
  if (list.status != 0) return {list.out, "--list exited " + std::to_string(list.status) + ": " + list.err};
  r.listed = list.out;
  std::ofstream(workdir / "commands.txt") << list.out;
  const std::string parallel =
      "cd " + shell_quote(workdir.string()) + " && parallel --will-cite -j2 < commands.txt > parallel.log 2>&1";
  if (std::system(parallel.c_str()) != 0) {
    r.failure = "GNU parallel failed: " + read_text(workdir / "parallel.log");
    return r;
  }
  const CliResult collect = run_cli({"sweep", sweep, "--collect", "--out", out.string()}, workdir);
  if (collect.status != 0) r.failure = "--collect exited " + std::to_string(collect.status) + ": " + collect.err;
  return r;
}

inline std::string source_path(const std::string& relative) {
  return (fs::path(MARINA_SOURCE_DIR) / relative).string();
}

inline nlohmann::json read_json(const fs::path& p) { return nlohmann::json::parse(read_text(p)); }

struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::size_t column(const std::string& name) const {
    for (std::size_t i = 0; i < header.size(); ++i)
      if (header[i] == name) return i;
    return header.size();
  }
  double number(std::size_t row, const std::string& name) const { return std::stod(rows[row][column(name)]); }
};

inline CsvTable read_csv(const fs::path& p) {
  CsvTable t;
  std::istringstream in(read_text(p));
  std::string line;
  bool first = true;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream ls(line);
    std::string cell;
    while (std::getline(ls, cell, ',')) cells.push_back(cell);
    if (first) t.header = cells;
    else t.rows.push_back(cells);
    first = false;
  }
  return t;
}

}  // namespace marina::testing

#include "sim/output/output_folder.hpp"

#include <filesystem>
#include <fstream>
#include <system_error>
#include <unistd.h>

#include "methods/common/input_error.hpp"

namespace fs = std::filesystem;

namespace marina {

namespace {
bool is_previous_run(const fs::path& p) {
  return fs::is_directory(p) && (fs::is_empty(p) || fs::exists(p / "summary.json"));
}

fs::path parent_of(const fs::path& target) { return target.has_parent_path() ? target.parent_path() : fs::path("."); }

// The hidden sibling that process `pid` writes a run folder into.
std::string staging_path_of(const std::string& final_path, long pid) {
  const fs::path target(final_path);
  return (parent_of(target) / ("." + target.filename().string() + ".partial-" + std::to_string(pid))).string();
}
}  // namespace

OutputFolder::OutputFolder(std::string final_path) : final_path_(std::move(final_path)) {
  const fs::path target(final_path_);
  if (fs::exists(target) && !is_previous_run(target))
    throw InputError(final_path_, "output folder exists and is not a marina-sim run folder (refusing to overwrite)");
  const fs::path parent = parent_of(target);
  std::error_code ec;
  fs::create_directories(parent, ec);
  if (ec) throw InputError(parent.string(), "cannot create output folder: " + ec.message());
  staging_path_ = staging_path_of(final_path_, ::getpid());
  fs::remove_all(staging_path_, ec);
  fs::create_directory(staging_path_, ec);
  if (ec) throw InputError(staging_path_, "cannot create output folder: " + ec.message());
}

OutputFolder::~OutputFolder() {
  if (!committed_) {
    std::error_code ec;
    fs::remove_all(staging_path_, ec);
  }
}

void OutputFolder::discard_staging(const std::string& final_path, int pid) {
  std::error_code ec;
  fs::remove_all(staging_path_of(final_path, pid), ec);
}

void OutputFolder::write(const std::string& name, const std::string& contents) {
  const fs::path file = fs::path(staging_path_) / name;
  std::ofstream out(file, std::ios::binary);
  out << contents;
  out.close();
  if (!out) throw InputError(file.string(), "cannot write output file");
}

void OutputFolder::commit() {
  std::error_code ec;
  if (fs::exists(final_path_)) fs::remove_all(final_path_, ec);
  fs::rename(staging_path_, final_path_, ec);
  if (ec) throw InputError(final_path_, "cannot move the finished run into place: " + ec.message());
  committed_ = true;
}

void write_file_atomically(const std::string& path, const std::string& contents) {
  const std::string tmp = path + ".partial-" + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary);
    out << contents;
    out.close();
    if (!out) throw InputError(path, "cannot write file");
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) throw InputError(path, "cannot write file: " + ec.message());
}

std::string default_run_folder(const std::string& results_dir, const std::string& name) {
  for (int n = 1;; ++n) {
    const fs::path candidate = fs::path(results_dir) / (name + "-" + std::to_string(n));
    if (!fs::exists(candidate)) return candidate.string();
  }
}

}  // namespace marina

// A run folder that appears whole or not at all: files are written into a hidden sibling
// folder, which is renamed onto the final name only when everything is written. A run
// that fails or is killed half-way leaves no folder that looks finished.
#pragma once

#include <string>

namespace marina {

class OutputFolder {
 public:
  // Fails (InputError) if `final_path` exists and is not an empty folder or a previous run
  // folder of this tool, so user files are never clobbered.
  explicit OutputFolder(std::string final_path);
  ~OutputFolder();  // removes the staging folder unless commit() succeeded
  OutputFolder(const OutputFolder&) = delete;
  OutputFolder& operator=(const OutputFolder&) = delete;

  void write(const std::string& name, const std::string& contents);
  void commit();
  const std::string& path() const { return final_path_; }

  // Removes what a process `pid` killed half-way left of its OutputFolder(final_path); no
  // destructor ran there (the run's simulation child, sim/engine/simulation_process.hpp).
  static void discard_staging(const std::string& final_path, int pid);

 private:
  std::string final_path_;
  std::string staging_path_;
  bool committed_ = false;
};

// Writes a file under a temporary name and renames it into place, so a reader never sees
// half of it. Throws InputError.
void write_file_atomically(const std::string& path, const std::string& contents);

// results/<name>-<n> with the smallest n >= 1 that does not exist yet.
std::string default_run_folder(const std::string& results_dir, const std::string& name);

}  // namespace marina

// `marina-sim run`: scenario -> experiment -> simulated (or plain) run -> run folder.
#pragma once

#include <string>
#include <vector>

namespace marina {

struct RunOptions {
  std::string scenario_path;
  std::string platform_override;          // --platform, relative to the working directory
  std::vector<std::string> overrides;     // --set key=value
  std::string out_dir;                    // --out; default results/<name>-<n>
  std::vector<std::string> simgrid_args;  // --cfg=... --log=...
  bool quiet = false;
  int threads = -1;                       // --threads; -1 = run.threads of the scenario
};

// Returns the process exit status: 0 ok, 3 diverged. Bad input throws InputError.
int run_command(const RunOptions& options);

}  // namespace marina

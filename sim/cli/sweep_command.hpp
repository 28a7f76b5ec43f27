// `marina-sim sweep SWEEP [--jobs N] [--out DIR] [--list | --collect]`.
#pragma once

#include <string>

namespace marina {

struct SweepOptions {
  std::string sweep_path;
  std::string out_dir;   // default results/<sweep name>
  int jobs = 1;
  int threads = 0;       // per run; 0 = cores / jobs (at least 1), so jobs x threads fits the machine
  bool list = false;     // print one self-contained `marina-sim run` command per pending run
  bool collect = false;  // only build table and plots from finished run folders
  bool no_plots = false;
};

int sweep_command(const SweepOptions& options);

}  // namespace marina

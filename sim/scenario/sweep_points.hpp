// A sweep made in code rather than read from a sweep file (`marina-sim advise` plans its
// runs from the problem's dimension): the caller gives every point's axis values and the
// keys they set; the points get folder names the way sweep files' points do, and every
// point's scenario is loaded and checked before any run starts, like load_sweep() does.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "sim/scenario/sweep_spec.hpp"

namespace marina {

struct PlannedPoint {
  std::vector<std::pair<std::string, std::string>> axes;  // key -> value, shown in names and tables
  std::vector<std::string> overrides;                     // key=value, after the common ones
};

// `origin` names the request in errors (e.g. "advise"). Throws InputError when a point's
// scenario is inconsistent or two points would share a folder name.
SweepSpec sweep_from_points(const std::string& origin, const std::string& name, const std::string& base,
                            const std::vector<std::string>& common_overrides,
                            const std::vector<PlannedPoint>& points);

}  // namespace marina

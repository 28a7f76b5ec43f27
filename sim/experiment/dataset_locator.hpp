// Where a data file named in a scenario is looked for: the path as given (relative to the
// scenario file), then $MARINA_DATA_DIR, then ../shared/datasets next to the repository.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace marina {

std::vector<std::string> dataset_candidates(const std::string& path, const std::string& scenario_dir);
// The first candidate that is a regular file, if any.
std::optional<std::string> locate_dataset(const std::string& path, const std::string& scenario_dir);

}  // namespace marina

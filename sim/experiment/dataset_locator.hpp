// Where a data file named in a scenario is looked for: the path as given (relative to the
// scenario file), then under each search folder: $MARINA_DATA_DIR, the repository's data/
// (where scripts/download-datasets.sh saves by default), ../shared/datasets next to the
// repository.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace marina {

// The search folders in order ($MARINA_DATA_DIR only when set and not empty). The named
// image data sets (methods/data/image_data_files.hpp) are looked for under the same folders.
std::vector<std::string> dataset_search_dirs();
std::vector<std::string> dataset_candidates(const std::string& path, const std::string& scenario_dir);
// The first candidate that is a regular file, if any.
std::optional<std::string> locate_dataset(const std::string& path, const std::string& scenario_dir);

}  // namespace marina

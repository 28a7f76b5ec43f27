#include "sim/experiment/dataset_locator.hpp"

#include <cstdlib>
#include <filesystem>

namespace fs = std::filesystem;

namespace marina {

std::vector<std::string> dataset_search_dirs() {
  std::vector<std::string> out;
  if (const char* dir = std::getenv("MARINA_DATA_DIR"); dir != nullptr && *dir != '\0') out.emplace_back(dir);
#ifdef MARINA_SOURCE_DIR
  // scripts/download-datasets.sh's default destination.
  out.push_back((fs::path(MARINA_SOURCE_DIR) / "data").lexically_normal().string());
  out.push_back((fs::path(MARINA_SOURCE_DIR) / ".." / "shared" / "datasets").lexically_normal().string());
#endif
  return out;
}

std::vector<std::string> dataset_candidates(const std::string& path, const std::string& scenario_dir) {
  std::vector<std::string> out;
  const fs::path given(path);
  if (given.is_absolute()) {
    out.push_back(given.string());
  } else {
    out.push_back((fs::path(scenario_dir) / given).lexically_normal().string());
  }
  const fs::path name = given.filename();
  for (const auto& dir : dataset_search_dirs()) out.push_back((fs::path(dir) / name).string());
  return out;
}

std::optional<std::string> locate_dataset(const std::string& path, const std::string& scenario_dir) {
  for (const auto& c : dataset_candidates(path, scenario_dir))
    if (fs::is_regular_file(c)) return fs::absolute(c).lexically_normal().string();
  return std::nullopt;
}

}  // namespace marina

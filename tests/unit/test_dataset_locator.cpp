// Where data files are looked for: the download script's default folder (the repository's
// data/) is searched with no configuration (issue 18).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "sim/experiment/dataset_locator.hpp"

namespace marina {
namespace {

namespace fs = std::filesystem;

// Sets or clears MARINA_DATA_DIR for one test.
class DataDirEnv {
 public:
  explicit DataDirEnv(const char* value) {
    if (const char* old = std::getenv("MARINA_DATA_DIR")) old_ = old;
    if (value != nullptr) ::setenv("MARINA_DATA_DIR", value, 1);
    else ::unsetenv("MARINA_DATA_DIR");
  }
  ~DataDirEnv() {
    if (old_.empty()) ::unsetenv("MARINA_DATA_DIR");
    else ::setenv("MARINA_DATA_DIR", old_.c_str(), 1);
  }

 private:
  std::string old_;
};

TEST(DatasetLocator, SearchFoldersInOrder) {
  const std::string repo = fs::path(MARINA_SOURCE_DIR).lexically_normal().string();
  {
    DataDirEnv env(nullptr);
    const auto dirs = dataset_search_dirs();
    ASSERT_EQ(dirs.size(), 2u);
    EXPECT_EQ(dirs[0], (fs::path(repo) / "data").string());  // download-datasets.sh's default
    EXPECT_EQ(dirs[1], (fs::path(repo).parent_path() / "shared" / "datasets").string());
  }
  DataDirEnv env("/somewhere");
  const auto dirs = dataset_search_dirs();
  ASSERT_EQ(dirs.size(), 3u);
  EXPECT_EQ(dirs[0], "/somewhere");
  const auto c = dataset_candidates("sub/a9a", "/scenarios");
  ASSERT_EQ(c.size(), 4u);
  EXPECT_EQ(c[0], "/scenarios/sub/a9a");
  EXPECT_EQ(c[1], "/somewhere/a9a");
  EXPECT_EQ(c[2], (fs::path(repo) / "data" / "a9a").string());
}

TEST(DatasetLocator, FindsAFileInMarinaDataDir) {
  const fs::path dir = fs::temp_directory_path() / ("marina-locator-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "tiny.svm") << "1 1:1\n";
  DataDirEnv env(dir.c_str());
  const auto found = locate_dataset("tiny.svm", "/nonexistent");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(*found, (dir / "tiny.svm").string());
  EXPECT_FALSE(locate_dataset("absent.svm", "/nonexistent").has_value());
  fs::remove_all(dir);
}

}  // namespace
}  // namespace marina

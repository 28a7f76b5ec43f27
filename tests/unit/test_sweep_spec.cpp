// Sweep files: a table axis whose values share their first field (one method, several step
// sizes) still names every run apart, by all of its fields.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "sim/scenario/sweep_spec.hpp"

namespace marina {
namespace {

namespace fs = std::filesystem;

TEST(SweepSpec, TableValuesSharingTheirFirstFieldAreNamedByAllFields) {
  const fs::path dir = fs::temp_directory_path() / ("marina-sweep-spec-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "base.toml") << "name = \"base\"\n[run]\nnetwork = \"none\"\n";
  std::ofstream(dir / "sweep.toml") << "[sweep]\nbase = \"base.toml\"\n[axes]\n"
                                       "method = [{name = \"gd\", step_size = 0.1}, {name = \"gd\", step_size = 0.2},"
                                       " {name = \"diana\", step_size = 0.1}]\n";
  const SweepSpec spec = load_sweep((dir / "sweep.toml").string());
  ASSERT_EQ(spec.points.size(), 3u);
  EXPECT_EQ(spec.points[0].name, "method=gd+0.1");
  EXPECT_EQ(spec.points[1].name, "method=gd+0.2");
  EXPECT_EQ(spec.points[2].name, "method=diana") << "a value that is unique keeps its first field";
  fs::remove_all(dir);
}

}  // namespace
}  // namespace marina

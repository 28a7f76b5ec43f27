// Bad input is the user's: one line `marina-sim: error: FILE[:LINE]: what is wrong`,
// exit status 2, no crash, and no output folder left behind.
#include <gtest/gtest.h>

#include "cli_harness.hpp"

namespace marina::testing {
namespace {

struct BadCase {
  std::string name;
  std::string scenario;               // file contents; {star} is replaced by the star platform path
  std::vector<std::string> extra;     // extra CLI arguments
  std::vector<std::string> expected;  // substrings the error line must contain ({file} = scenario path)
};

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (auto pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) s.replace(pos, from.size(), to);
  return s;
}

// Name the case, not its bytes, in test listings.
void PrintTo(const BadCase& c, std::ostream* os) { *os << c.name; }

class BadInput : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadInput, OneLineErrorExitTwoNoOutput) {
  const BadCase& c = GetParam();
  TempDir tmp;
  const fs::path scenario = tmp / "bad.toml";
  std::ofstream(scenario) << replace_all(c.scenario, "{star}", source_path("platforms/star5.xml"));
  std::vector<std::string> args{"run", scenario.string(), "--out", (tmp / "out").string()};
  args.insert(args.end(), c.extra.begin(), c.extra.end());
  const CliResult r = run_cli(args, tmp.path());
  EXPECT_EQ(r.status, 2) << r.err;
  ASSERT_FALSE(r.err.empty());
  EXPECT_EQ(r.err.rfind("marina-sim: error: ", 0), 0u) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  for (const auto& e : c.expected) EXPECT_NE(r.err.find(replace_all(e, "{file}", scenario.string())), std::string::npos)
      << "expected '" << e << "' in: " << r.err;
  EXPECT_FALSE(fs::exists(tmp / "out"));
  EXPECT_FALSE(fs::exists(tmp / "results"));
  for (const auto& entry : fs::directory_iterator(tmp.path()))
    EXPECT_EQ(entry.path().filename().string().find(".partial"), std::string::npos) << entry.path();
}

const std::string kPlatform = "[platform]\nfile = \"{star}\"\n";

INSTANTIATE_TEST_SUITE_P(
    Cases, BadInput,
    ::testing::Values(
        BadCase{"UnknownKey", "[method]\nname = \"marina\"\nstepsize = 0.1\n" + kPlatform, {},
                {"{file}:3", "unknown key 'method.stepsize'", "did you mean 'method.step_size'"}},
        BadCase{"WrongType", "[run]\nrounds = \"many\"\n" + kPlatform, {}, {"{file}:2", "run.rounds"}},
        BadCase{"MissingDataFile", "[data]\nsource = \"libsvm\"\npath = \"no-such-file.svm\"\n" + kPlatform, {},
                {"{file}:3", "no-such-file.svm", "not found"}},
        BadCase{"MissingPlatformFile", "[platform]\nfile = \"no-such-platform.xml\"\n", {},
                {"{file}:2", "no-such-platform.xml", "not found"}},
        BadCase{"PlatformLacksNamedHost", kPlatform + "workers = \"node-{i}\"\n", {},
                {"star5.xml", "no host 'node-0'", "platform.workers"}},
        BadCase{"PlatformLacksServerHost", kPlatform + "server = \"master\"\n", {},
                {"star5.xml", "no host 'master'", "platform.server"}},
        BadCase{"KTooLarge", "[compressor]\nk = 500\n" + kPlatform, {}, {"{file}", "compressor.k", "d = 41"}},
        BadCase{"BadOverride", kPlatform, {"--set", "compressor.k=abc"}, {"--set", "compressor.k"}},
        BadCase{"UnknownOverrideKey", kPlatform, {"--set", "method.gamma=1"}, {"--set", "method.gamma"}},
        BadCase{"TomlSyntax", "[method\nname = 1\n", {}, {"{file}:1"}},
        BadCase{"WorkerListLength", kPlatform + "workers = \"worker-0,worker-1\"\n", {},
                {"{file}:3", "platform.workers", "split.workers = 5"}}),
    [](const ::testing::TestParamInfo<BadCase>& info) { return info.param.name; });

TEST(BadInputFiles, MalformedLibsvmNamesFileAndLine) {
  TempDir tmp;
  std::ofstream(tmp / "data.svm") << "+1 1:0.5 2:1\n-1 3:abc\n";
  std::ofstream(tmp / "s.toml") << "[data]\nsource = \"libsvm\"\npath = \"data.svm\"\n[platform]\nfile = \""
                                << source_path("platforms/star5.xml") << "\"\n";
  const CliResult r = run_cli({"run", (tmp / "s.toml").string(), "--out", (tmp / "out").string()}, tmp.path());
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE(r.err.find("data.svm:2"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(tmp / "out"));
}

TEST(BadInputFiles, AbsurdFeatureIndexIsRefusedBeforeMemoryRunsOut) {
  TempDir tmp;
  std::ofstream(tmp / "huge.svm") << "+1 1:1 900000000:1\n-1 2:1\n";
  std::ofstream(tmp / "s.toml") << "[data]\nsource = \"libsvm\"\npath = \"huge.svm\"\n[split]\nworkers = 2\n"
                                << "[platform]\nfile = \"" << source_path("platforms/star5.xml") << "\"\n";
  const CliResult r = run_cli({"run", (tmp / "s.toml").string(), "--out", (tmp / "out").string()}, tmp.path());
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE(r.err.find("s.toml:3"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("d = 900000001"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(tmp / "out"));
}

TEST(BadInputFiles, MissingScenarioFile) {
  TempDir tmp;
  const CliResult r = run_cli({"run", (tmp / "nope.toml").string()}, tmp.path());
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("nope.toml"), std::string::npos) << r.err;
}

TEST(BadInputFiles, UnknownCommandLineOption) {
  TempDir tmp;
  const CliResult r = run_cli({"run", source_path("scenarios/quickstart.toml"), "--frobnicate"}, tmp.path());
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err.rfind("marina-sim: error: ", 0), 0u) << r.err;
}

}  // namespace
}  // namespace marina::testing

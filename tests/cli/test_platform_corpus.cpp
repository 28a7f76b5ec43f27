// Platforms users bring, in every shape SimGrid's DTD 4.1 allows (tests/platforms/, one line
// of manifest.txt per file): the quickstart runs on each, server and workers chosen from its
// hosts, and must either finish (exit 0, a finished run folder) or be refused in one line
// (exit 2, `marina-sim: error: ` naming the platform file, no run folder) -- never a crash, a
// backtrace or a half-written folder. The manifest says which, so a platform that runs today
// cannot silently start being refused.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "cli_harness.hpp"
#include "manifest_fields.hpp"

namespace marina::testing {
namespace {

const std::string kCorpus = "tests/platforms";

struct PlatformCase {
  std::string name;  // test name, from the file name
  long line = 0;     // in manifest.txt
  std::string file, server, workers, count;
  bool runs = false;
  std::vector<std::string> expected;  // substrings of the refusal
  std::string problem;                // set when the manifest line itself is malformed
};

void PrintTo(const PlatformCase& c, std::ostream* os) { *os << "manifest.txt:" << c.line << " " << c.file; }

PlatformCase parse_case(const std::string& text, long line) {
  PlatformCase c;
  c.line = line;
  const std::vector<std::string> f = split_fields(text);
  if (f.size() < 5) {
    c.problem = "expected FILE | SERVER | WORKERS | N | runs|refused [| SUBSTRING...]";
    return c;
  }
  c.file = f[0];
  c.server = f[1];
  c.workers = f[2];
  c.count = f[3];
  c.runs = f[4] == "runs";
  c.expected.assign(f.begin() + 5, f.end());
  if (f[4] != "runs" && f[4] != "refused") c.problem = "outcome must be runs or refused, not '" + f[4] + "'";
  if (c.runs && !c.expected.empty()) c.problem = "a platform that runs takes no SUBSTRING";
  if (!c.runs && c.expected.empty()) c.problem = "a refusal needs at least one SUBSTRING of its message";
  if (!fs::is_regular_file(source_path(kCorpus + "/" + c.file))) c.problem = "no file " + kCorpus + "/" + c.file;
  return c;
}

std::vector<PlatformCase> load_manifest() {
  std::vector<PlatformCase> cases;
  std::istringstream in(read_text(source_path(kCorpus + "/manifest.txt")));
  std::string text;
  std::set<std::string> names;
  for (long line = 1; std::getline(in, text); ++line) {
    text = trimmed(text);
    if (text.empty() || text[0] == '#') continue;
    PlatformCase c = parse_case(text, line);
    c.name = identifier(c.file.substr(0, c.file.rfind('.')));
    while (!names.insert(c.name).second) c.name += "_" + std::to_string(line);
    cases.push_back(std::move(c));
  }
  if (cases.empty()) cases.push_back({"manifest_missing", 0, "", "", "", "", false, {}, "no lines in manifest.txt"});
  return cases;
}

std::vector<std::string> command_line(const PlatformCase& c, const fs::path& out) {
  return {"run",
          source_path("scenarios/quickstart.toml"),
          "--set", "platform.file=" + source_path(kCorpus + "/" + c.file),
          "--set", "platform.server=" + c.server,
          "--set", "platform.workers=" + c.workers,
          "--set", "split.workers=" + c.count,
          "--set", "run.rounds=20",
          "--out", out.string()};
}

std::vector<std::string> entries_of(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

class PlatformCorpus : public ::testing::TestWithParam<PlatformCase> {};

TEST_P(PlatformCorpus, FinishesOrIsRefusedInOneLine) {
  const PlatformCase& c = GetParam();
  ASSERT_TRUE(c.problem.empty()) << "manifest.txt:" << c.line << ": " << c.problem;
  TempDir tmp;
  const fs::path out = tmp / "out";
  SCOPED_TRACE("manifest.txt:" + std::to_string(c.line) + ": " + c.file);
  const CliResult r = run_cli(command_line(c, out), tmp.path());

  ASSERT_NE(r.status, -1) << "the process did not exit normally:\n" << r.err;
  ASSERT_LT(r.status, 128) << "the process was killed by signal " << r.status - 128 << ":\n" << r.err;
  if (c.runs) {
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.err, "");
    ASSERT_TRUE(fs::is_regular_file(out / "summary.json")) << r.err;
    const nlohmann::json summary = read_json(out / "summary.json");
    EXPECT_EQ(summary.value("status", ""), "ok");
    EXPECT_EQ(summary.at("network").value("platform", ""), source_path(kCorpus + "/" + c.file));
    EXPECT_EQ(summary.at("final").value("sim_time_s", 0.0) > 0, true) << "no simulated time passed";
    EXPECT_EQ(entries_of(tmp.path()), std::vector<std::string>{"out"}) << "a staging folder was left behind";
  } else {
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_EQ(r.err.rfind("marina-sim: error: ", 0), 0u) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_TRUE(!r.err.empty() && r.err.back() == '\n') << r.err;
    EXPECT_NE(r.err.find(c.file), std::string::npos) << "the error does not name the platform: " << r.err;
    for (const auto& e : c.expected)
      EXPECT_NE(r.err.find(e), std::string::npos) << "expected '" << e << "' in: " << r.err;
    EXPECT_EQ(r.out, "");
    EXPECT_TRUE(entries_of(tmp.path()).empty()) << "left behind: " << ::testing::PrintToString(entries_of(tmp.path()));
  }
}

// Every platform in the folder has its expected outcome in the manifest.
TEST(PlatformCorpusManifest, CoversEveryPlatformFile) {
  std::set<std::string> listed;
  for (const PlatformCase& c : load_manifest()) listed.insert(c.file);
  for (const auto& entry : fs::directory_iterator(source_path(kCorpus))) {
    if (entry.path().extension() != ".xml") continue;
    EXPECT_TRUE(listed.count(entry.path().filename().string())) << entry.path().filename() << " is not in manifest.txt";
  }
}

INSTANTIATE_TEST_SUITE_P(, PlatformCorpus, ::testing::ValuesIn(load_manifest()),
                         [](const ::testing::TestParamInfo<PlatformCase>& info) { return info.param.name; });

}  // namespace
}  // namespace marina::testing

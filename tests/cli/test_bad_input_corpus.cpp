// The corpus of bad inputs (tests/bad_inputs/, one case per line of cases.txt), each run
// through the real executable: bad input is the user's, so every case must end with exit
// status 2, exactly one line `marina-sim: error: ...` naming what is wrong, no output folder,
// and no crash. The manifest is the table; adding a case needs no change here.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "cli_harness.hpp"
#include "manifest_fields.hpp"

namespace marina::testing {
namespace {

const std::string kCorpus = "tests/bad_inputs";

struct CorpusCase {
  std::string name;  // test name, from the file name (or the --set assignment)
  long line = 0;     // in cases.txt
  std::string file;
  std::string command;
  std::string argument;  // K=V of run-set
  std::vector<std::string> expected;
  std::string problem;  // set when the manifest line itself is malformed
};

void PrintTo(const CorpusCase& c, std::ostream* os) { *os << "cases.txt:" << c.line << " " << c.name; }

std::string name_of(const CorpusCase& c) {
  if (c.command == "run-set") return "set_" + identifier(c.argument);
  return identifier(c.file.substr(0, c.file.find('.')));
}

CorpusCase parse_case(const std::string& text, long line) {
  static const std::set<std::string> kCommands = {"run", "theory", "sweep", "run-data", "run-platform", "run-set"};
  CorpusCase c;
  c.line = line;
  std::vector<std::string> f = split_fields(text);
  if (f.size() < 3) {
    c.problem = "expected FILE | COMMAND | SUBSTRING...";
    return c;
  }
  c.file = f[0];
  const std::size_t space = f[1].find(' ');
  c.command = f[1].substr(0, space);
  if (space != std::string::npos) c.argument = trimmed(f[1].substr(space + 1));
  c.expected.assign(f.begin() + 2, f.end());
  if (!kCommands.count(c.command)) c.problem = "unknown COMMAND '" + c.command + "'";
  if ((c.command == "run-set") == c.argument.empty()) c.problem = "run-set, and only run-set, takes KEY=VALUE";
  if (c.command != "run-set" && !fs::is_regular_file(source_path(kCorpus + "/" + c.file)))
    c.problem = "no file " + kCorpus + "/" + c.file;
  for (const auto& e : c.expected)
    if (e.empty()) c.problem = "empty SUBSTRING";
  return c;
}

std::vector<CorpusCase> load_manifest() {
  std::vector<CorpusCase> cases;
  std::istringstream in(read_text(source_path(kCorpus + "/cases.txt")));
  std::string text;
  std::set<std::string> names;
  for (long line = 1; std::getline(in, text); ++line) {
    text = trimmed(text);
    if (text.empty() || text[0] == '#') continue;
    CorpusCase c = parse_case(text, line);
    c.name = name_of(c);
    while (!names.insert(c.name).second) c.name += "_" + std::to_string(line);
    cases.push_back(std::move(c));
  }
  if (cases.empty()) cases.push_back({"manifest_missing", 0, "", "", "", {}, "no cases in " + kCorpus + "/cases.txt"});
  return cases;
}

std::vector<std::string> command_line(const CorpusCase& c, const fs::path& out) {
  const std::string file = source_path(kCorpus + "/" + c.file);
  const std::string quickstart = source_path("scenarios/quickstart.toml");
  if (c.command == "theory") return {"theory", file};
  if (c.command == "sweep") return {"sweep", file, "--out", out.string()};
  if (c.command == "run-data")
    return {"run", source_path(kCorpus + "/reads_data_path.toml"), "--set", "data.path=" + file, "--out", out.string()};
  if (c.command == "run-platform") return {"run", quickstart, "--platform", file, "--out", out.string()};
  if (c.command == "run-set") return {"run", quickstart, "--set", c.argument, "--out", out.string()};
  return {"run", file, "--out", out.string()};
}

std::string joined(const std::vector<std::string>& args) {
  std::string s = "marina-sim";
  for (const auto& a : args) s += " " + a;
  return s;
}

class BadInputCorpus : public ::testing::TestWithParam<CorpusCase> {};

TEST_P(BadInputCorpus, OneLineErrorExitTwoNoOutput) {
  const CorpusCase& c = GetParam();
  ASSERT_TRUE(c.problem.empty()) << "cases.txt:" << c.line << ": " << c.problem;
  TempDir tmp;
  const std::vector<std::string> args = command_line(c, tmp / "out");
  SCOPED_TRACE("cases.txt:" + std::to_string(c.line) + ": " + joined(args));
  const CliResult r = run_cli(args, tmp.path());

  // A signal (abort, segfault) shows as -1, or as 128 + signal when the shell reports it.
  ASSERT_NE(r.status, -1) << "the process did not exit normally:\n" << r.err;
  ASSERT_LT(r.status, 128) << "the process was killed by signal " << r.status - 128 << ":\n" << r.err;
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_EQ(r.err.rfind("marina-sim: error: ", 0), 0u) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_TRUE(!r.err.empty() && r.err.back() == '\n') << r.err;
  for (const auto& e : c.expected)
    EXPECT_TRUE(r.err.find(e) != std::string::npos) << "expected '" << e << "' in: " << r.err;

  // Nothing left behind: no --out folder, no default results/ folder, no partial files.
  std::vector<std::string> left;
  for (const auto& entry : fs::directory_iterator(tmp.path())) left.push_back(entry.path().filename().string());
  EXPECT_TRUE(left.empty()) << "left behind: " << ::testing::PrintToString(left);
}

INSTANTIATE_TEST_SUITE_P(, BadInputCorpus, ::testing::ValuesIn(load_manifest()),
                         [](const ::testing::TestParamInfo<CorpusCase>& info) { return info.param.name; });

}  // namespace
}  // namespace marina::testing

// Scenario loader: schema defaults, TOML values, --set overrides, and the place and wording of
// every user error (DESIGN.md "Errors").
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "sim/scenario/scenario.hpp"
#include "sim/scenario/scenario_schema.hpp"

namespace marina {
namespace {

namespace fs = std::filesystem;

InputError error_of(const std::string& text, const std::vector<std::string>& overrides = {}) {
  try {
    Scenario::parse(text, "dir/s.toml", overrides);
  } catch (const InputError& e) {
    return e;
  }
  ADD_FAILURE() << "no InputError for:\n" << text;
  return InputError("", 0, "");
}

void expect_error(const std::string& text, long line, const std::string& message) {
  const InputError e = error_of(text);
  EXPECT_EQ(e.file(), "dir/s.toml");
  EXPECT_EQ(e.line(), line) << e.what();
  EXPECT_EQ(e.message(), message);
}

void expect_set_error(const std::string& assignment, const std::string& message) {
  const InputError e = error_of("", {assignment});
  EXPECT_EQ(e.file(), "--set");
  EXPECT_EQ(e.line(), 0);
  EXPECT_EQ(e.message(), message);
}

// Same effective value for every schema key, compared through the typed getters.
void expect_same_values(const Scenario& a, const Scenario& b) {
  for (const KeySpec& spec : scenario_schema()) {
    SCOPED_TRACE(spec.key);
    switch (spec.type) {
      case ValueType::boolean: EXPECT_EQ(a.get_bool(spec.key), b.get_bool(spec.key)); break;
      case ValueType::integer: EXPECT_EQ(a.get_int(spec.key), b.get_int(spec.key)); break;
      case ValueType::real: EXPECT_EQ(a.get_real(spec.key), b.get_real(spec.key)); break;
      case ValueType::string: EXPECT_EQ(a.get_string(spec.key), b.get_string(spec.key)); break;
      case ValueType::real_list: EXPECT_EQ(a.get_reals(spec.key), b.get_reals(spec.key)); break;
      case ValueType::param: EXPECT_EQ(a.get_param(spec.key), b.get_param(spec.key)); break;
    }
  }
}

class TempDir : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "marina-scenario-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string write(const std::string& name, const std::string& text) {
    const fs::path p = dir_ / name;
    std::ofstream(p) << text;
    return p.string();
  }
  fs::path dir_;
};

// The resolved scenario groups keys by table, so each table's keys must be contiguous and
// every key unique; the schema may grow, so no fixed list is asserted here.
TEST(ScenarioSchema, KeysAreUniqueAndGroupedByTable) {
  std::vector<std::string> tables_seen;
  std::set<std::string> keys;
  for (const KeySpec& spec : scenario_schema()) {
    EXPECT_TRUE(keys.insert(spec.key).second) << spec.key;
    const auto dot = spec.key.find('.');
    const std::string table = dot == std::string::npos ? "" : spec.key.substr(0, dot);
    if (tables_seen.empty() || tables_seen.back() != table) {
      EXPECT_EQ(std::count(tables_seen.begin(), tables_seen.end(), table), 0) << "table split: " << table;
      tables_seen.push_back(table);
    }
  }
  for (const char* key : {"name", "seed", "method.name", "method.step_size", "compressor.k", "run.rounds",
                          "run.targets", "platform.file"})
    EXPECT_TRUE(keys.count(key)) << key;
}

TEST(ScenarioSchema, DefaultsHaveTheDeclaredTypeAndOneLineOfHelp) {
  for (const KeySpec& spec : scenario_schema()) {
    SCOPED_TRACE(spec.key);
    EXPECT_EQ(spec.default_value.index(), static_cast<std::size_t>(spec.type));
    EXPECT_FALSE(spec.help.empty());
    EXPECT_EQ(spec.help.find('\n'), std::string::npos);
    EXPECT_EQ(find_key(spec.key), &spec);
  }
  EXPECT_EQ(find_key("method.stepsize"), nullptr);
  EXPECT_EQ(find_key("method"), nullptr);
}

TEST(Scenario, DefaultsWhenFileIsEmpty) {
  const Scenario s = Scenario::parse("", "scenarios/quickstart.toml");
  EXPECT_EQ(s.get_string("name"), "quickstart");
  EXPECT_EQ(s.get_int("seed"), 1);
  EXPECT_EQ(s.get_string("data.source"), "synthetic");
  EXPECT_EQ(s.get_int("data.samples"), 2000);
  EXPECT_DOUBLE_EQ(s.get_real("data.density"), 0.3);
  EXPECT_TRUE(s.get_bool("data.bias"));
  EXPECT_EQ(s.get_string("method.name"), "marina");
  EXPECT_EQ(s.get_param("method.step_size"), (Param{true, "theory", 1.0}));
  EXPECT_EQ(s.get_param("problem.lambda"), (Param{true, "paper", 1.0}));
  EXPECT_TRUE(s.get_reals("run.targets").empty());
  EXPECT_DOUBLE_EQ(s.get_real("run.diverge_above"), 1e10);
  EXPECT_EQ(s.get_string("platform.workers"), "worker-{i}");
  for (const KeySpec& spec : scenario_schema()) EXPECT_FALSE(s.is_set(spec.key)) << spec.key;
}

TEST_F(TempDir, ValuesFromFile) {
  const std::string path = write("paper_run.toml", R"(
name = "a9a-marina"
seed = 7

[data]
source = "libsvm"
path = "a9a"
bias = false

[method]
name = "diana"
step_size = 0.25

[run]
rounds = 50
targets = [1e-2, 1e-4]
)");
  const Scenario s = Scenario::load(path);
  EXPECT_EQ(s.get_string("name"), "a9a-marina");
  EXPECT_EQ(s.get_int("seed"), 7);
  EXPECT_EQ(s.get_string("data.source"), "libsvm");
  EXPECT_EQ(s.get_string("data.path"), "a9a");
  EXPECT_FALSE(s.get_bool("data.bias"));
  EXPECT_EQ(s.get_string("method.name"), "diana");
  EXPECT_EQ(s.get_param("method.step_size"), (Param{false, "", 0.25}));
  EXPECT_EQ(s.get_int("run.rounds"), 50);
  EXPECT_EQ(s.get_reals("run.targets"), (std::vector<double>{1e-2, 1e-4}));
  EXPECT_EQ(s.path(), path);
  EXPECT_EQ(s.directory(), dir_.string());
}

TEST(Scenario, DottedKeysAndInlineTablesWork) {
  const Scenario s =
      Scenario::parse("run.rounds = 3\ncompressor = { name = \"identity\" }\n", "x.toml");
  EXPECT_EQ(s.get_int("run.rounds"), 3);
  EXPECT_EQ(s.get_string("compressor.name"), "identity");
}

TEST(Scenario, RealKeysAcceptIntegers) {
  const Scenario s = Scenario::parse(
      "[data]\ndensity = 1\n[method]\nstep_size = 2\n[run]\ntargets = [1, 0.5]\n", "x.toml");
  EXPECT_EQ(s.get_real("data.density"), 1.0);
  EXPECT_EQ(s.get_param("method.step_size").value, 2.0);
  EXPECT_EQ(s.get_reals("run.targets"), (std::vector<double>{1.0, 0.5}));
}

TEST(Scenario, UnknownKeySuggestsClosestOnItsLine) {
  expect_error("[method]\nname = \"marina\"\nstepsize = 0.1\n", 3,
               "unknown key 'method.stepsize' (did you mean 'method.step_size'?)");
  // The right key in the wrong table is found by its last component.
  expect_error("[compressor]\n\nrounds = 5\n", 3,
               "unknown key 'compressor.rounds' (did you mean 'run.rounds'?)");
  expect_error("seeds = 3\n", 1, "unknown key 'seeds' (did you mean 'seed'?)");
}

TEST(Scenario, UnknownKeyFarFromAnyListsTheTable) {
  expect_error("[split]\nmomentum_beta = 0.9\n", 2,
               "unknown key 'split.momentum_beta' (keys of [split]: workers, mode, shard_multiple)");
}

TEST(Scenario, UnknownTablesAndValuesWhereTablesBelong) {
  expect_error("[mehtod]\nname = \"gd\"\n", 1, "unknown table 'mehtod' (did you mean 'method'?)");
  expect_error("seed = 1\nlogging.level = 1\n", 2,
               "unknown table 'logging' (tables: data, split, problem, method, compressor, wire, "
               "run, platform, faults)");
  expect_error("seed = 1\nfaults.crash = 1\n", 2,
               "unknown key 'faults.crash' (keys of [faults]: crashes, links_down, stragglers, round_timeout, "
               "drop_after, checkpoint_every, checkpoint_rate, checkpoint_host)");
  expect_error("[data.synthetic]\nsamples = 1\n", 1,
               "unknown table 'data.synthetic' (keys of [data]: source, path, samples, features, "
               "groups, density, heterogeneity, label_noise, image_shape, classes, take, test, bias)");
  expect_error("\ndata = 5\n", 2,
               "data must be a table ([data] or data.key = ...), got 5");
  expect_error("[[run]]\nrounds = 5\n", 1,
               "run must be a table ([run] or run.key = ...), got an array");
  expect_error("[seed]\nx = 1\n", 1, "seed: expected an integer, got a table");
  expect_error("\"run.rounds\" = 5\n", 1,
               "key \"run.rounds\" is quoted, so its dot does not separate tables; write it "
               "without quotes");
}

TEST(Scenario, FirstProblemInFileOrderIsReported) {
  // toml++ iterates keys alphabetically; the user should still see the topmost problem.
  expect_error("[run]\nrounds = 0\n[data]\nsamples = 0\n", 2, "run.rounds must be >= 1, got 0");
}

TEST(Scenario, WrongTypeNamesExpectationAndLine) {
  expect_error("\n\n[run]\nrounds = 10.5\n", 4, "run.rounds: expected an integer, got 10.5");
  expect_error("[run]\nrounds = \"ten\"\n", 2, "run.rounds: expected an integer, got \"ten\"");
  expect_error("[run]\nrounds = 10.0\n", 2, "run.rounds: expected an integer, got 10.0");
  expect_error("[data]\nbias = 1\n", 2, "data.bias: expected true or false, got 1");
  expect_error("[data]\ndensity = \"0.5\"\n", 2,
               "data.density: expected a finite number, got \"0.5\"");
  expect_error("[data]\nlabel_noise = nan\n", 2,
               "data.label_noise: expected a finite number, got nan");
  expect_error("[platform]\nserver = 3\n", 2, "platform.server: expected a string, got 3");
  expect_error("[run]\ntargets = 0.1\n", 2,
               "run.targets: expected an array of finite numbers, got 0.1");
}

TEST(Scenario, OutOfRange) {
  expect_error("[run]\nrounds = 0\n", 2, "run.rounds must be >= 1, got 0");
  expect_error("seed = -1\n", 1, "seed must be >= 0, got -1");
  expect_error("[data]\ndensity = 0\n", 2, "data.density must be > 0 and <= 1, got 0");
  expect_error("[data]\nlabel_noise = 0.6\n", 2,
               "data.label_noise must be >= 0 and <= 0.5, got 0.6");
  expect_error("[run]\ndiverge_above = -1e3\n", 2, "run.diverge_above must be > 0, got -1000");
}

TEST(Scenario, BadChoiceListsTheChoices) {
  expect_error("[split]\nmode = \"random\"\n", 2,
               "split.mode must be one of contiguous, shuffled, got \"random\"");
  expect_error("[wire]\nprecision = \"f23\"\n", 2,
               "wire.precision must be one of f32, f64, f16, got \"f23\" (did you mean \"f32\"?)");
}

TEST(Scenario, ParamForms) {
  const auto step = [](const std::string& value) {
    return Scenario::parse("[method]\nstep_size = " + value + "\n", "x.toml")
        .get_param("method.step_size");
  };
  EXPECT_EQ(step("0.01"), (Param{false, "", 0.01}));
  EXPECT_EQ(step("\"theory\""), (Param{true, "theory", 1.0}));
  EXPECT_EQ(step("\"theory*2\""), (Param{true, "theory", 2.0}));
  EXPECT_EQ(step("\"0.5*theory\""), (Param{true, "theory", 0.5}));
  EXPECT_EQ(step("\" 3 * theory \""), (Param{true, "theory", 3.0}));
  EXPECT_DOUBLE_EQ(step("\"0.5*theory\"").resolve(0.2), 0.1);
  EXPECT_DOUBLE_EQ(step("0.01").resolve(0.2), 0.01);
  EXPECT_EQ(Scenario::parse("[problem]\nlambda = 0\n", "x.toml").get_param("problem.lambda"),
            (Param{false, "", 0.0}));
}

TEST(Scenario, BadParams) {
  const std::string expected = "a finite number, \"theory\", \"theory*x\", \"x*theory\" (x > 0)";
  expect_error("[method]\nstep_size = \"theroy\"\n", 2,
               "method.step_size: expected " + expected +
                   ", got \"theroy\" (did you mean \"theory\"?)");
  expect_error("[method]\nstep_size = \"theory*-1\"\n", 2,
               "method.step_size: expected " + expected + ", got \"theory*-1\"");
  expect_error("[method]\nstep_size = \"theory*0\"\n", 2,
               "method.step_size: expected " + expected + ", got \"theory*0\"");
  expect_error("[method]\nstep_size = \"paper\"\n", 2,
               "method.step_size: expected " + expected + ", got \"paper\"");
  expect_error("[method]\nstep_size = 0\n", 2, "method.step_size must be > 0, got 0");
  expect_error("[method]\np = 1.5\n", 2, "method.p must be > 0 and <= 1, got 1.5");
  expect_error("[method]\np = true\n", 2, "method.p: expected " +
                                              std::string("a finite number, \"theory\", "
                                                          "\"theory*x\", \"x*theory\" (x > 0)") +
                                              ", got true");
}

TEST(Scenario, RealListElementsAreValidated) {
  expect_error("[run]\ntargets = [1e-3, -1]\n", 2, "run.targets[1] must be > 0, got -1");
  // The line is the element's, for arrays written over several lines.
  expect_error("[run]\ntargets = [\n  1e-3,\n  \"x\",\n]\n", 4,
               "run.targets[1]: expected a finite number, got \"x\"");
  expect_set_error("run.targets=1e-3,-1",
                   "run.targets=1e-3,-1: run.targets[1] must be > 0, got -1");
}

TEST(Scenario, OverridesOfEveryType) {
  const Scenario s = Scenario::parse(
      "", "x.toml",
      {"data.bias=false", "run.rounds=42", "seed=+3", "data.density=1e-1", "method.name=gd",
       "platform.server=\"host 0\"", "run.targets=[1e-2, 1e-4]", "method.step_size=theory*2",
       "method.p=0.5", "problem.lambda=paper"});
  EXPECT_FALSE(s.get_bool("data.bias"));
  EXPECT_EQ(s.get_int("run.rounds"), 42);
  EXPECT_EQ(s.get_int("seed"), 3);
  EXPECT_EQ(s.get_real("data.density"), 0.1);
  EXPECT_EQ(s.get_string("method.name"), "gd");
  EXPECT_EQ(s.get_string("platform.server"), "host 0");
  EXPECT_EQ(s.get_reals("run.targets"), (std::vector<double>{1e-2, 1e-4}));
  EXPECT_EQ(s.get_param("method.step_size"), (Param{true, "theory", 2.0}));
  EXPECT_EQ(s.get_param("method.p"), (Param{false, "", 0.5}));
  EXPECT_EQ(s.get_param("problem.lambda"), (Param{true, "paper", 1.0}));

  const Scenario lists = Scenario::parse("", "x.toml", {"run.targets=1e-2,1e-4"});
  EXPECT_EQ(lists.get_reals("run.targets"), (std::vector<double>{1e-2, 1e-4}));
  EXPECT_TRUE(Scenario::parse("[run]\ntargets=[1]", "x.toml", {"run.targets=[]"})
                  .get_reals("run.targets")
                  .empty());
}

TEST(Scenario, OverridesApplyAfterTheFileInOrder) {
  Scenario s = Scenario::parse("[run]\nrounds = 10\n", "x.toml",
                               {"run.rounds=20", "compressor.k=3", "run.rounds=30"});
  EXPECT_EQ(s.get_int("run.rounds"), 30);
  EXPECT_EQ(s.get_int("compressor.k"), 3);
  s.set_override("run.rounds = 40");
  EXPECT_EQ(s.get_int("run.rounds"), 40);
}

TEST(Scenario, BadOverrides) {
  expect_set_error("compressor.k=abc", "compressor.k=abc: expected an integer");
  expect_set_error("compressor.kk=3",
                   "compressor.kk=3: unknown key 'compressor.kk' (did you mean 'compressor.k'?)");
  expect_set_error("run.rounds", "run.rounds: expected key=value");
  expect_set_error("=5", "=5: expected key=value");
  expect_set_error("run.rounds=0", "run.rounds=0: run.rounds must be >= 1, got 0");
  expect_set_error("data.bias=yes", "data.bias=yes: expected true or false");
  expect_set_error("data.density=inf", "data.density=inf: expected a finite number");
  expect_set_error("run.targets=[1e-2,x]",
                   "run.targets=[1e-2,x]: expected an array of finite numbers");
  expect_set_error("split.mode=contiguos",
                   "split.mode=contiguos: split.mode must be one of contiguous, shuffled, got \"contiguos\" "
                   "(did you mean \"contiguous\"?)");
  expect_set_error("method.step_size=theroy*2",
                   "method.step_size=theroy*2: expected a finite number, \"theory\", "
                   "\"theory*x\", \"x*theory\" (x > 0)");
}

TEST(Scenario, SyntaxErrorCarriesItsLine) {
  const InputError e = error_of("[run]\nrounds = 5\ntargets = [1e-3,\n\n[data\n");
  EXPECT_EQ(e.file(), "dir/s.toml");
  EXPECT_EQ(e.line(), 5);
  EXPECT_FALSE(e.message().empty());
  EXPECT_EQ(error_of("seed = 1\nseed = 2\n").line(), 2);
}

TEST_F(TempDir, MissingFile) {
  const std::string path = (dir_ / "nope.toml").string();
  try {
    Scenario::load(path);
    FAIL() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), path);
    EXPECT_EQ(e.line(), 0);
    EXPECT_EQ(e.message(), "cannot open scenario file");
  }
  EXPECT_THROW(Scenario::load(dir_.string()), InputError);  // a directory is no file either
}

TEST_F(TempDir, LoadAppliesOverridesAndReportsFileLines) {
  const std::string path = write("q.toml", "[run]\n\nrounds = 0\n");
  try {
    Scenario::load(path);
    FAIL() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), path);
    EXPECT_EQ(e.line(), 3);
  }
  // The file's value is checked before the override replaces it, like a compiler would.
  EXPECT_THROW(Scenario::load(path, {"run.rounds=5"}), InputError);
  const std::string ok = write("ok.toml", "[run]\nrounds = 2\n");
  EXPECT_EQ(Scenario::load(ok, {"run.rounds=5"}).get_int("run.rounds"), 5);
}

TEST(Scenario, ResolvedTomlRoundTripsAndIsDeterministic) {
  const Scenario s = Scenario::parse(R"(
name = "odd \"name\" \\ with\ttab"
seed = 123456789012
[data]
density = 0.1
heterogeneity = 0
bias = false
[problem]
lambda = 1e-300
[method]
step_size = "0.3*theory"
p = 0.1
alpha = "theory"
[run]
targets = [0.1, 1e-7, 3]
diverge_above = 1e100
)",
                                     "paper/a9a.toml", {"platform.workers=a,b,c"});
  const std::string text = s.resolved_toml();
  EXPECT_EQ(text, s.resolved_toml());
  const Scenario again = Scenario::parse(text, "paper/a9a.toml");
  expect_same_values(s, again);
  EXPECT_EQ(again.resolved_toml(), text);
  EXPECT_NE(text.find("\n[method]\nname = \"marina\""), std::string::npos) << text;
  EXPECT_NE(text.find("step_size = \"theory*0.3\""), std::string::npos) << text;
  EXPECT_NE(text.find("heterogeneity = 0.0"), std::string::npos) << text;
  for (const KeySpec& spec : scenario_schema()) EXPECT_TRUE(again.is_set(spec.key)) << spec.key;

  const Scenario defaults = Scenario::parse("", "quickstart.toml");
  expect_same_values(defaults, Scenario::parse(defaults.resolved_toml(), "elsewhere.toml"));
}

TEST(Scenario, IsSetDistinguishesGivenFromDefault) {
  const Scenario s =
      Scenario::parse("[run]\nrounds = 1000\n", "x.toml", {"compressor.k=1"});
  EXPECT_TRUE(s.is_set("run.rounds"));  // given, even though equal to the default
  EXPECT_TRUE(s.is_set("compressor.k"));
  EXPECT_FALSE(s.is_set("run.eval_every"));
  EXPECT_FALSE(s.is_set("name"));
}

TEST(Scenario, NameFallsBackToTheStem) {
  EXPECT_EQ(Scenario::parse("", "a/b/sweep.point.toml").get_string("name"), "sweep.point");
  EXPECT_EQ(Scenario::parse("name = \"\"", "a/run.toml").get_string("name"), "run");
  EXPECT_EQ(Scenario::parse("", "a/run.toml", {"name=x"}).get_string("name"), "x");
}

TEST(Scenario, Directory) {
  EXPECT_EQ(Scenario::parse("", "scenarios/paper/a9a.toml").directory(), "scenarios/paper");
  EXPECT_EQ(Scenario::parse("", "quickstart.toml").directory(), ".");
  EXPECT_EQ(Scenario::parse("", "/abs/q.toml").directory(), "/abs");
  EXPECT_EQ(Scenario::parse("", "/q.toml").directory(), "/");
}

TEST(Scenario, ErrorPointsWhereTheValueCameFrom) {
  const Scenario s = Scenario::parse("[compressor]\n\nk = 50\n", "dir/s.toml", {"split.workers=3"});
  const InputError from_file = s.error("compressor.k", "k must be <= d = 40");
  EXPECT_EQ(from_file.file(), "dir/s.toml");
  EXPECT_EQ(from_file.line(), 3);
  EXPECT_EQ(std::string(from_file.what()), "dir/s.toml:3: k must be <= d = 40");
  const InputError from_set = s.error("split.workers", "too many workers");
  EXPECT_EQ(from_set.file(), "--set");
  EXPECT_EQ(from_set.line(), 0);
  const InputError from_default = s.error("data.features", "too few features");
  EXPECT_EQ(from_default.file(), "dir/s.toml");
  EXPECT_EQ(from_default.line(), 0);
}

TEST(Scenario, GettersRejectUnknownKeysAndWrongTypes) {
  const Scenario s = Scenario::parse("", "x.toml");
  EXPECT_THROW(s.get_real("run.rounds"), std::logic_error);
  EXPECT_THROW(s.get_int("data.density"), std::logic_error);
  EXPECT_THROW(s.get_string("nope"), std::logic_error);
  EXPECT_THROW(s.is_set("nope"), std::logic_error);
  EXPECT_THROW(s.error("nope", "x"), std::logic_error);
}

}  // namespace
}  // namespace marina

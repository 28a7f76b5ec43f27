// LIBSVM reader: exact contents of small fixtures, one fixture per error kind, and the
// paper's real files when they are available.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <initializer_list>
#include <string>

#include "methods/common/input_error.hpp"
#include "methods/data/libsvm.hpp"

#ifndef MARINA_SOURCE_DIR
#define MARINA_SOURCE_DIR "/work/main"
#endif

namespace marina {
namespace {

std::string fixture(const std::string& name) { return std::string(MARINA_TEST_DATA_DIR) + "/libsvm/" + name; }

// The paper's data sets live outside the repository; tests that need them skip without.
std::string datasets_dir() {
  if (const char* dir = std::getenv("MARINA_DATA_DIR")) return dir;
  return MARINA_SOURCE_DIR "/../shared/datasets";
}

void expect_labels(const Dataset& d, std::initializer_list<double> expected) {
  ASSERT_EQ(d.labels.size(), static_cast<Index>(expected.size()));
  Index r = 0;
  for (double y : expected) EXPECT_EQ(d.labels[r++], y) << "row " << r - 1;
}

TEST(ReadLibsvm, ReadsPlusMinusOneLabelsAndExactEntries) {
  const Dataset d = read_libsvm(fixture("good_pm1.svm"));
  EXPECT_EQ(d.samples(), 4);
  EXPECT_EQ(d.dim(), 7);
  expect_labels(d, {1, -1, 1, -1});  // written "+1", "-1", "1.0", "-1"
  EXPECT_EQ(d.features.coeff(0, 0), 0.5);
  EXPECT_EQ(d.features.coeff(0, 2), -2.0);
  EXPECT_EQ(d.features.coeff(0, 6), 1e-3);
  EXPECT_EQ(d.features.coeff(1, 1), 4.0);
  EXPECT_EQ(d.features.coeff(2, 0), 1.0);  // separated by a tab
  EXPECT_EQ(d.features.coeff(2, 6), 2.5);
  EXPECT_EQ(d.features.coeff(3, 3), 3.0);  // written "+3"
  EXPECT_EQ(d.features.nonZeros(), 7);     // the written "5:0" is not stored
  EXPECT_EQ(d.origin, fixture("good_pm1.svm"));
}

TEST(ReadLibsvm, MapsOneTwoLabelsWithTrailingSpacesAndNoFinalNewline) {
  const Dataset d = read_libsvm(fixture("good_12_labels.svm"));
  EXPECT_EQ(d.samples(), 4);
  EXPECT_EQ(d.dim(), 4);
  expect_labels(d, {-1, 1, 1, -1});
  EXPECT_EQ(d.features.coeff(0, 0), 1.0);
  EXPECT_EQ(d.features.coeff(0, 2), 1.0);
  EXPECT_EQ(d.features.coeff(1, 1), 1.0);
  EXPECT_EQ(d.features.coeff(1, 3), 0.25);
  EXPECT_EQ(d.features.coeff(2, 0), 1.0);
  EXPECT_EQ(d.features.coeff(3, 3), 1.0);  // the last line, without '\n'
  EXPECT_EQ(d.features.nonZeros(), 6);
}

TEST(ReadLibsvm, MapsZeroOneLabels) {
  const Dataset d = read_libsvm(fixture("good_01_labels.svm"));
  EXPECT_EQ(d.samples(), 3);
  EXPECT_EQ(d.dim(), 3);
  expect_labels(d, {-1, 1, -1});
  EXPECT_EQ(d.features.coeff(1, 0), -1.0);
  EXPECT_EQ(d.features.coeff(2, 2), 7.0);
}

TEST(ReadLibsvm, SkipsBlankAndWhitespaceLinesAndCarriageReturns) {
  const Dataset d = read_libsvm(fixture("blank_lines.svm"));
  EXPECT_EQ(d.samples(), 3);
  EXPECT_EQ(d.dim(), 3);
  expect_labels(d, {-1, 1, -1});
  EXPECT_EQ(d.features.coeff(0, 0), 1.0);
  EXPECT_EQ(d.features.coeff(1, 1), 2.0);
  EXPECT_EQ(d.features.coeff(2, 2), 3.0);
  EXPECT_EQ(d.features.nonZeros(), 3);
}

TEST(ReadLibsvm, LineWithOnlyALabelIsAnAllZeroRow) {
  const Dataset d = read_libsvm(fixture("empty_row.svm"));
  EXPECT_EQ(d.samples(), 4);
  EXPECT_EQ(d.dim(), 3);
  expect_labels(d, {-1, 1, -1, 1});
  EXPECT_EQ(d.features.row(0).nonZeros(), 0);
  EXPECT_EQ(d.features.row(2).nonZeros(), 0);
  EXPECT_EQ(d.features.coeff(1, 2), 1.5);
  EXPECT_EQ(d.features.coeff(3, 0), 2.0);
}

TEST(ReadLibsvm, IgnoresSvmlightComments) {
  const Dataset d = read_libsvm(fixture("comments.svm"));
  EXPECT_EQ(d.samples(), 2);
  EXPECT_EQ(d.dim(), 3);
  expect_labels(d, {1, -1});
  EXPECT_EQ(d.features.coeff(0, 1), 2.0);
}

// ---- errors: file name, line and the words that say what is wrong ----------------------

struct BadFile {
  std::string name;
  long line;
  std::vector<std::string> words;
};

class ReadLibsvmError : public testing::TestWithParam<BadFile> {};

TEST_P(ReadLibsvmError, NamesFileLineAndProblem) {
  const BadFile& bad = GetParam();
  const std::string path = fixture(bad.name);
  try {
    read_libsvm(path);
    FAIL() << "no error for " << bad.name;
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), path);
    EXPECT_EQ(e.line(), bad.line) << e.what();
    const std::string where = bad.line > 0 ? path + ":" + std::to_string(bad.line) + ": " : path + ": ";
    EXPECT_EQ(std::string(e.what()).rfind(where, 0), 0u) << e.what();
    for (const std::string& word : bad.words) EXPECT_NE(e.message().find(word), std::string::npos) << e.message();
  }
}

const BadFile kBadFiles[] = {
    {"bad_token.svm", 3, {"bad token 'abc'", "expected index:value"}},
    {"missing_value.svm", 2, {"bad token '2:'", "expected index:value"}},
    {"zero_index.svm", 2, {"feature index 0", "indices start at 1"}},
    {"negative_index.svm", 3, {"feature index -3", "indices start at 1"}},
    {"huge_index.svm", 2, {"feature index 99999999999999999999999", "too large"}},
    {"decreasing_index.svm", 1, {"feature index 5 after 7", "must increase"}},
    {"duplicate_index.svm", 2, {"feature index 2 after 2", "must increase"}},
    {"nan_value.svm", 2, {"value 'nan'", "not finite"}},
    {"inf_value.svm", 3, {"value '-inf'", "not finite"}},
    {"bad_value.svm", 2, {"value 'abc'", "not a number"}},
    {"empty.svm", 0, {"empty", "no samples"}},
    {"only_blank_lines.svm", 0, {"empty", "no samples"}},
    {"three_labels.svm", 4, {"labels {0, 1, 2}", "not binary"}},
    {"unknown_pair.svm", 1, {"labels {5, 7}", "{-1, +1}, {0, 1} or {1, 2}"}},
    {"mixed_conventions.svm", 2, {"labels {-1, 2}", "not a known binary pair"}},
    {"bad_label.svm", 3, {"label 'x' is not a number"}},
};

INSTANTIATE_TEST_SUITE_P(Fixtures, ReadLibsvmError, testing::ValuesIn(kBadFiles),
                         [](const testing::TestParamInfo<BadFile>& info) {
                           return info.param.name.substr(0, info.param.name.find('.'));
                         });

TEST(ReadLibsvm, MissingFileCannotBeOpened) {
  const std::string path = fixture("no_such_file.svm");
  try {
    read_libsvm(path);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), path);
    EXPECT_EQ(e.line(), 0);
    EXPECT_NE(e.message().find("cannot open file"), std::string::npos) << e.message();
  }
}

TEST(ReadLibsvm, DirectoryCannotBeOpened) { EXPECT_THROW(read_libsvm(MARINA_TEST_DATA_DIR "/libsvm"), InputError); }

// ---- the paper's files ---------------------------------------------------------------

TEST(ReadLibsvmRealData, MushroomsHasOneTwoLabelsAndNoFinalNewline) {
  const std::string path = datasets_dir() + "/mushrooms";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " not available";
  const Dataset d = read_libsvm(path);
  EXPECT_EQ(d.samples(), 8124);
  EXPECT_EQ(d.dim(), 112);
  EXPECT_EQ((d.labels.array() == -1.0).count(), 3916);
  EXPECT_EQ((d.labels.array() == 1.0).count(), 4208);
  EXPECT_EQ(d.features.nonZeros(), 8124 * 21);
}

TEST(ReadLibsvmRealData, W8aEndsWithABlankLineAndHasEmptyRows) {
  const std::string path = datasets_dir() + "/w8a";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " not available";
  const Dataset d = read_libsvm(path);
  EXPECT_EQ(d.samples(), 49749);
  EXPECT_EQ(d.dim(), 300);
  EXPECT_EQ((d.labels.array() == -1.0).count(), 48270);
  EXPECT_EQ((d.labels.array() == 1.0).count(), 1479);
}

}  // namespace
}  // namespace marina

// The registrations say what the methods and compressors do (methods/*/..._registry.hpp): a
// declaration that drifted from the code would mislead the checks, advise and a reader.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

#include "methods/compressors/compressor_registry.hpp"
#include "methods/problems/problem_registry.hpp"
#include "sim/scenario/scenario_schema.hpp"
#include "tests/unit/method_fixture.hpp"

namespace marina {
namespace {

bool declares(const std::vector<std::string>& keys, const std::string& key) {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

// Built with every parameter at its theory value, a method reports the theory values its
// registration says it derives (step size always, p exactly where declared).
TEST(Registry, TheoryDeclarationsMatchWhatMethodsResolve) {
  const auto obj = testing::small_problem();
  const auto q = make_compressor({"rand_k", 3, 1, obj->workers()}, obj->dim(), WireFormat{});
  for (const MethodDescription& m : registered_methods()) {
    SCOPED_TRACE(m.name);
    const MethodInstance built = make_method(testing::named(m.name), MethodContext{*obj, *q, {}, Vec::Zero(obj->dim())});
    EXPECT_EQ(built.parameters.method, m.name);
    EXPECT_TRUE(declares(m.theory, "method.step_size"));
    EXPECT_EQ(built.parameters.p.has_value(), declares(m.theory, "method.p"));
    // EF21 also reports an alpha: its compressor's contraction, not the key method.alpha.
    if (declares(m.theory, "method.alpha")) {
      EXPECT_TRUE(built.parameters.alpha.has_value());
    }
    // A key whose theory value it derives is a key it reads (step size: every method).
    for (const std::string& key : m.theory) {
      if (key != "method.step_size") {
        EXPECT_TRUE(method_reads(m, key)) << key;
      }
    }
  }
}

// What a method reads is a scenario key; a minibatch method reports its b', PP-MARINA its r.
TEST(Registry, DeclaredKeysAreSchemaKeysAndUsed) {
  const auto obj = testing::small_problem();
  const auto q = make_compressor({"rand_k", 3, 1, obj->workers()}, obj->dim(), WireFormat{});
  for (const MethodDescription& m : registered_methods()) {
    SCOPED_TRACE(m.name);
    for (const KeyUse& use : m.reads) EXPECT_NE(find_key(use.key), nullptr) << use.key;
    const MethodInstance built = make_method(testing::named(m.name), MethodContext{*obj, *q, {}, Vec::Zero(obj->dim())});
    EXPECT_EQ(built.parameters.batch_size.has_value(), method_reads(m, "method.batch_size"));
    EXPECT_EQ(built.parameters.clients.has_value(), method_reads(m, "method.clients"));
    EXPECT_EQ(built.parameters.large_batch.has_value(), method_reads(m, "method.large_batch"));
  }
  for (const CompressorDescription& c : registered_compressors())
    for (const KeyUse& use : c.reads) EXPECT_NE(find_key(use.key), nullptr) << c.name << ": " << use.key;
  for (const ProblemDescription& p : registered_problems())
    for (const KeyUse& use : p.reads) EXPECT_NE(find_key(use.key), nullptr) << p.name << ": " << use.key;
}

// The kind a compressor declares is the kind its instances report, and advise pairs every
// method with a registered compressor the method accepts.
TEST(Registry, CompressorKindsAndAdvisePairingsAgree) {
  for (const CompressorDescription& c : registered_compressors()) {
    SCOPED_TRACE(c.name);
    const auto built = c.make({c.name, 2, 2, 2}, 16, WireFormat{});
    EXPECT_EQ(built->name(), c.name);
    EXPECT_EQ(built->unbiased(), c.unbiased);
  }
  for (const MethodDescription& m : registered_methods()) {
    SCOPED_TRACE(m.name);
    const CompressorDescription* c = find_compressor(m.advise.compressor);
    ASSERT_NE(c, nullptr);
    EXPECT_TRUE(c->unbiased || m.compressor == CompressorNeed::contractive);
  }
}

TEST(Registry, NamesAreUniqueAndComparisonOrderListsEveryMethodOnce) {
  std::set<std::string> names;
  for (const MethodDescription& m : registered_methods()) EXPECT_TRUE(names.insert(m.name).second) << m.name;
  for (const CompressorDescription& c : registered_compressors()) EXPECT_TRUE(names.insert(c.name).second) << c.name;
  const auto order = methods_in_comparison_order();
  EXPECT_EQ(order.size(), registered_methods().size());
  // The uncompressed baseline first, then MARINA's family.
  EXPECT_EQ(order.front()->compressor, CompressorNeed::none);
  EXPECT_EQ(order[1]->family, "MARINA");
}

TEST(Registry, HintsNameWhoReadsAKey) {
  EXPECT_EQ(join_and({"a"}), "a");
  EXPECT_EQ(join_and({"a", "b"}), "a and b");
  EXPECT_EQ(join_and({"a", "b", "c"}), "a, b and c");
  EXPECT_EQ(join_or({"a", "b", "c"}), "a, b or c");
  const std::vector<KeyReader> readers = {{"x", "a dense round"}, {"y", "a refresh"}, {"z", "a dense round"}};
  const auto rules = method_key_rules();
  const auto p = std::find_if(rules.begin(), rules.end(), [](const SelectiveKeyRule& r) { return r.key == "method.p"; });
  ASSERT_NE(p, rules.end());
  EXPECT_EQ(p->belongs(readers), "the probability of a dense round belongs to x and z, that of a refresh to y");
  EXPECT_TRUE(p->numbers_only);
}

}  // namespace
}  // namespace marina

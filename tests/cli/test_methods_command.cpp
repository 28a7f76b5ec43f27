// `marina-sim methods` lists what the registries hold: every name `keys` offers for
// method.name, compressor.name and problem.model appears, with what it declares.
#include <gtest/gtest.h>

#include <sstream>

#include "cli_harness.hpp"

namespace marina::testing {
namespace {

// The choices `keys` prints for a string key: "method.name (string: a|b|c) help".
std::vector<std::string> choices_in_keys(const std::string& keys, const std::string& key) {
  const auto at = keys.find(key + " (string: ");
  if (at == std::string::npos) return {};
  const auto from = at + key.size() + 10;
  std::istringstream list(keys.substr(from, keys.find(')', from) - from));
  std::vector<std::string> out;
  for (std::string name; std::getline(list, name, '|');) out.push_back(name);
  return out;
}

TEST(MethodsCommand, ListsEveryRegisteredNameWithItsDeclarations) {
  TempDir dir;
  const CliResult keys = run_cli({"keys"}, dir.path());
  const CliResult methods = run_cli({"methods"}, dir.path());
  ASSERT_EQ(methods.status, 0) << methods.err;
  for (const char* key : {"method.name", "compressor.name", "problem.model"}) {
    const auto names = choices_in_keys(keys.out, key);
    ASSERT_FALSE(names.empty()) << key;
    for (const std::string& name : names) EXPECT_NE(methods.out.find("\n  " + name + " "), std::string::npos) << name;
  }
  EXPECT_NE(methods.out.find("reads: method.clients, method.sampling, method.p (a dense round)"), std::string::npos);
  EXPECT_NE(methods.out.find("compressor: contractive or unbiased; under faults: keeps stale state"),
            std::string::npos);
  EXPECT_NE(methods.out.find("advise: with top_k, compared by default"), std::string::npos);
}

}  // namespace
}  // namespace marina::testing

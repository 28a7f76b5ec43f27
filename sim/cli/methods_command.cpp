#include "sim/cli/methods_command.hpp"

#include <cstdio>
#include <string>
#include <vector>

#include "methods/algorithms/method_registry.hpp"
#include "methods/compressors/compressor_registry.hpp"
#include "methods/problems/problem_registry.hpp"

namespace marina {
namespace {

std::string keys_of(const std::vector<KeyUse>& uses) {
  std::string out;
  for (const KeyUse& u : uses)
    out += (out.empty() ? "" : ", ") + u.key + (u.meaning.empty() ? "" : " (" + u.meaning + ")");
  return out.empty() ? "-" : out;
}

const char* need_text(CompressorNeed need) {
  switch (need) {
    case CompressorNeed::none: return "none (sends in full)";
    case CompressorNeed::unbiased: return "unbiased";
    case CompressorNeed::contractive: return "contractive or unbiased";
  }
  return "?";
}

const char* fault_text(FaultPolicy policy) {
  return policy == FaultPolicy::survivor ? "averages the survivors" : "keeps stale state";
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ", ") + s;
  return out.empty() ? "-" : out;
}

}  // namespace

int methods_command() {
  std::printf("Methods (method.name):\n");
  for (const MethodDescription& m : registered_methods()) {
    std::printf("  %-17s %s, %s family: %s\n", m.name.c_str(), m.title.c_str(), m.family.c_str(), m.summary.c_str());
    std::printf("  %-17s reads: %s\n", "", keys_of(m.reads).c_str());
    std::printf("  %-17s compressor: %s; under faults: %s; theory: %s\n", "", need_text(m.compressor),
                fault_text(m.faults), joined(m.theory).c_str());
    std::printf("  %-17s advise: with %s%s\n", "", m.advise.compressor.c_str(),
                m.advise.compared_by_default ? ", compared by default" : "");
  }
  std::printf("\nCompressors (compressor.name):\n");
  for (const CompressorDescription& c : registered_compressors())
    std::printf("  %-17s %s, %s: %s; reads: %s\n", c.name.c_str(), c.title.c_str(),
                c.unbiased ? "unbiased" : "contractive", c.summary.c_str(), keys_of(c.reads).c_str());
  std::printf("\nProblems (problem.model):\n");
  for (const ProblemDescription& p : registered_problems())
    std::printf("  %-17s on %s: %s; reads: %s\n", p.name.c_str(), p.data == DataKind::images ? "images" : "sparse rows",
                p.summary.c_str(), keys_of(p.reads).c_str());
  std::printf("\nAdding your own: docs/extending.md\n");
  return 0;
}

}  // namespace marina

#include "methods/compressors/compressor_registry.hpp"

#include <algorithm>
#include <cassert>

#include "methods/common/input_error.hpp"

namespace marina {
namespace {

std::vector<CompressorDescription>& registry() {
  static std::vector<CompressorDescription> compressors = builtin_compressors();
  return compressors;
}

}  // namespace

const std::vector<CompressorDescription>& registered_compressors() { return registry(); }

void register_compressor(CompressorDescription description) {
  assert(find_compressor(description.name) == nullptr && "a compressor name is registered twice");
  assert(description.make && "a compressor needs a factory");
  registry().push_back(std::move(description));
}

const CompressorDescription* find_compressor(const std::string& name) {
  for (const CompressorDescription& c : registry())
    if (c.name == name) return &c;
  return nullptr;
}

bool compressor_reads(const CompressorDescription& compressor, const std::string& key) {
  return std::any_of(compressor.reads.begin(), compressor.reads.end(),
                     [&](const KeyUse& use) { return use.key == key; });
}

std::vector<KeyReader> compressor_readers(const std::string& key) {
  std::vector<KeyReader> readers;
  for (const CompressorDescription& c : registry())
    for (const KeyUse& use : c.reads)
      if (use.key == key) readers.push_back({c.name, use.meaning});
  return readers;
}

std::vector<KeySpec> compressor_key_rows() {
  std::vector<std::string> names;
  for (const CompressorDescription& c : registry()) names.push_back(c.name);
  return {
      text_key("compressor.name", "rand_k", "uplink compressor", names),
      integer_key("compressor.k", 1, "RandK, TopK: coordinates kept", at_least(1)),
      integer_key("compressor.levels", 1, "QSGD (random dithering) and natural dithering: levels s", at_least(1)),
  };
}

const std::vector<SelectiveKeyRule>& compressor_key_rules() {
  static const std::vector<SelectiveKeyRule> rules = {
      listing_rule("compressor.k", "has no k", "only ", " keep k coordinates"),
      listing_rule("compressor.levels", "has no levels", "only ", " quantize to s levels"),
  };
  return rules;
}

void check_k_in_range(const CompressorSpec& spec, Index dim) {
  if (spec.k < 1 || spec.k > dim)
    throw InputError("", "compressor.k = " + std::to_string(spec.k) +
                             " is out of range (expected 1 <= k <= d = " + std::to_string(dim) + ")");
}

void check_levels_in_range(const CompressorSpec& spec) {
  if (spec.levels < 1)
    throw InputError("", "compressor.levels = " + std::to_string(spec.levels) + " is out of range (expected s >= 1)");
}

std::unique_ptr<Compressor> make_compressor(const CompressorSpec& spec, Index dim, const WireFormat& wire) {
  if (const CompressorDescription* c = find_compressor(spec.name)) return c->make(spec, dim, wire);
  std::vector<std::string> names;
  for (const CompressorDescription& c : registry()) names.push_back(c.name);
  throw InputError("", "compressor.name = '" + spec.name + "' is unknown (expected " + join_or(names) + ")");
}

}  // namespace marina

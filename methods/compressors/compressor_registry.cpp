#include "methods/compressors/compressor_registry.hpp"

#include <algorithm>

#include "methods/common/input_error.hpp"
#include "methods/common/named_registry.hpp"

namespace marina {
namespace {

NamedRegistry<CompressorDescription>& registry() {
  static NamedRegistry<CompressorDescription> compressors(builtin_compressors());
  return compressors;
}

}  // namespace

const std::vector<CompressorDescription>& registered_compressors() { return registry().entries(); }

void register_compressor(CompressorDescription description) { registry().add(std::move(description)); }

const CompressorDescription* find_compressor(const std::string& name) { return registry().find(name); }

bool compressor_reads(const CompressorDescription& compressor, const std::string& key) {
  return std::any_of(compressor.reads.begin(), compressor.reads.end(),
                     [&](const KeyUse& use) { return use.key == key; });
}

std::vector<KeyReader> compressor_readers(const std::string& key) {
  std::vector<KeyReader> readers;
  for (const CompressorDescription& c : registry().entries())
    for (const KeyUse& use : c.reads)
      if (use.key == key) readers.push_back({c.name, use.meaning});
  return readers;
}

std::vector<KeySpec> compressor_key_rows() {
  return {
      text_key("compressor.name", "rand_k", "uplink compressor", registry().names()),
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
  throw InputError("", "compressor.name = '" + spec.name + "' is unknown (expected " + join_or(registry().names()) + ")");
}

}  // namespace marina

// What every compressor declares about itself, and the registry that holds the declarations:
// the compressor's file pair fills a CompressorDescription in describe_<name>(),
// compressor_catalog.cpp lists the built-in ones, register_compressor() adds more. The
// simulator learns names, keys and kinds from here (docs/extending.md).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "methods/common/key_readers.hpp"
#include "methods/common/key_spec.hpp"
#include "methods/compressors/compressor.hpp"

namespace marina {

// Validates the spec against the dimension and wire format (InputError naming the scenario key)
// and builds the compressor.
using CompressorFactory =
    std::function<std::unique_ptr<Compressor>(const CompressorSpec&, Index dim, const WireFormat&)>;

struct CompressorDescription {
  std::string name;     // compressor.name
  std::string title;    // as the papers write it: "Rand-K"
  std::string summary;  // one line, with its paper-notes section
  bool unbiased = true;  // in U(omega) (paper-notes §4.1); false: contractive only (§4.5)
  // compressor.k, compressor.levels, ...: summary.json reports the value of each it reads
  // (compressor_k, compressor_levels) and null otherwise.
  std::vector<KeyUse> reads;
  CompressorFactory make;
};

const std::vector<CompressorDescription>& registered_compressors();
// Adds a compressor; its name must be new. Register before the first scenario is read.
void register_compressor(CompressorDescription description);
const CompressorDescription* find_compressor(const std::string& name);  // nullptr if unknown
bool compressor_reads(const CompressorDescription& compressor, const std::string& key);
std::vector<KeyReader> compressor_readers(const std::string& key);  // in registration order

// Schema rows of the compressor table: compressor.name (choices: the registered names), then
// its parameters.
std::vector<KeySpec> compressor_key_rows();
// The rules for compressor keys only some compressors read, in the order checks apply them.
const std::vector<SelectiveKeyRule>& compressor_key_rules();

// 1 <= spec.k <= dim, else InputError (for compressors that keep k coordinates).
void check_k_in_range(const CompressorSpec& spec, Index dim);
// spec.levels >= 1, else InputError (for quantizers with s levels).
void check_levels_in_range(const CompressorSpec& spec);

std::vector<CompressorDescription> builtin_compressors();  // compressor_catalog.cpp

}  // namespace marina

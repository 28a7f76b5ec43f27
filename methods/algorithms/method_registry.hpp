// What every method declares about itself, and the registry that holds the declarations.
// A method is one file pair in methods/algorithms/ whose describe_<name>() fills a
// MethodDescription; method_catalog.cpp lists the built-in ones, and register_method() adds
// more (a test's, a researcher's own). The simulator learns every name, key, compressor need
// and advise pairing from here: sim/ names no method (docs/extending.md).
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "methods/algorithms/method_context.hpp"
#include "methods/algorithms/protocol.hpp"
#include "methods/common/key_readers.hpp"
#include "methods/common/key_spec.hpp"

namespace marina {

using MethodFactory = std::function<MethodInstance(const MethodSpec&, const MethodContext&)>;

// Which compressors a method's analysis covers (paper-notes §4).
enum class CompressorNeed {
  none,         // sends gradients in full and ignores the compressor (GD)
  unbiased,     // Q in U(omega) only (§4.1); a contractive one is refused
  contractive,  // any contractive compressor (§4.5), an unbiased Q as Q/(1+omega) (error feedback)
};

// What a method does with a round whose uplinks did not all arrive (docs/faults.md).
enum class FaultPolicy {
  survivor,     // averages the uplinks that arrived
  stale_state,  // keeps the missing worker's last state on both sides
};

struct AdvisePairing {
  std::string compressor;         // the compressor `marina-sim advise` runs it with
  bool compared_by_default = false;  // in advise's default --methods
};

struct MethodDescription {
  std::string name;     // method.name
  std::string title;    // as the paper writes it: "VR-MARINA"
  std::string family;   // "MARINA", "DIANA", ...: methods that share a server and its analysis
  std::string summary;  // one line: what it sends, with its paper-notes section
  // Scenario keys it reads besides method.name and method.step_size (which every method
  // reads), shared ones (method_keys.hpp) or its own.
  std::vector<KeyUse> reads;
  // Keys no built-in method has; their values reach make() in MethodSpec::own. Each must also
  // be listed in `reads`.
  std::vector<KeySpec> own_keys;
  CompressorNeed compressor = CompressorNeed::unbiased;
  FaultPolicy faults = FaultPolicy::survivor;
  // The keys whose keyword "theory" it can resolve (its step size, p, alpha, ...).
  std::vector<std::string> theory;
  AdvisePairing advise;
  MethodFactory make;
};

// Every registered method, built-in ones first in catalog order, then those registered later.
const std::vector<MethodDescription>& registered_methods();
// Adds a method; its name must be new. Register before the first scenario is read (a static
// initialiser does): the scenario schema is built from the registry.
void register_method(MethodDescription description);
const MethodDescription* find_method(const std::string& name);  // nullptr if unknown

// Names sorted alphabetically (the theory table and advise's "known:" list use this order).
const std::vector<std::string>& method_names();
// The order in which hints and advise list methods: the uncompressed baseline, then MARINA's
// family (the paper's methods), then the methods it is compared with, each group in
// registration order.
std::vector<const MethodDescription*> methods_in_comparison_order();
// Who reads `key`, in comparison order, with what it means for each.
std::vector<KeyReader> method_readers(const std::string& key);
bool method_reads(const MethodDescription& method, const std::string& key);

// The schema rows of the method table: method.name (its choices are the registered names),
// the keys several methods share, then each method's own keys.
std::vector<KeySpec> method_key_rows();
// The rules for keys only some methods read, in the order the checks apply them: the shared
// keys' (method_keys.hpp), then one per own key.
std::vector<SelectiveKeyRule> method_key_rules();

// Throws InputError for an unknown name.
MethodInstance make_method(const MethodSpec& spec, const MethodContext& ctx);

// The built-in methods, in the order `marina-sim keys` lists them (method_catalog.cpp).
std::vector<MethodDescription> builtin_methods();

}  // namespace marina

#include "methods/algorithms/method_keys.hpp"

#include <algorithm>

namespace marina {
namespace {

// method.p means the probability of a dense round to the MARINA family and DASHA-PAGE, that
// of a reference refresh to VR-DIANA (each declares which in its KeyUse::meaning).
std::string p_belongs(const std::vector<KeyReader>& readers) {
  std::vector<std::string> meanings;
  for (const KeyReader& r : readers)
    if (std::find(meanings.begin(), meanings.end(), r.meaning) == meanings.end()) meanings.push_back(r.meaning);
  std::string out;
  for (std::size_t i = 0; i < meanings.size(); ++i)
    out += (i == 0 ? "the probability of " + meanings[i] + " belongs to " : ", that of " + meanings[i] + " to ") +
           join_and(reader_names(readers, meanings[i]));
  return out;
}

}  // namespace

const std::vector<KeySpec>& shared_method_key_rows() {
  static const std::vector<KeySpec> rows = {
      param_key("method.step_size", {"theory"}, "step size gamma", above(0)),
      param_key("method.p", {"theory"},
                "MARINA family, DASHA-PAGE: probability of a dense round; VR-DIANA: of a reference refresh",
                open_closed(0, 1)),
      param_key("method.alpha", {"theory"}, "DIANA family: shift step size", open_closed(0, 1)),
      integer_key("method.batch_size", 0,
                  "b': minibatch of VR methods and DASHA-PAGE; 0 = ceil(method.batch_fraction * local samples)",
                  at_least(0)),
      real_key("method.batch_fraction", 0.01, "b' as a fraction of the local samples when method.batch_size = 0",
               open_closed(0, 1)),
      integer_key("method.large_batch", 0, "b: VR-MARINA online large batch; 0 = ceil(0.1 * local samples)",
                  at_least(0)),
      integer_key("method.clients", 1, "r: PP-MARINA clients per compressed round", at_least(1)),
      text_key("method.sampling", "without_replacement", "PP-MARINA: how the r clients are drawn",
               {"without_replacement", "with_replacement"}),
      real_key("method.mu", 0.0, "Polyak-Lojasiewicz constant; > 0 selects the PL step sizes", at_least(0)),
  };
  return rows;
}

const std::vector<SelectiveKeyRule>& shared_method_key_rules() {
  static const std::vector<SelectiveKeyRule> rules = [] {
    SelectiveKeyRule p{"method.p", "has no p", p_belongs, true};
    return std::vector<SelectiveKeyRule>{
        listing_rule("method.clients", "has no clients", "only ", " samples r of n"),
        listing_rule("method.sampling", "samples no clients", "only ", " draws r of n clients"),
        listing_rule("method.large_batch", "has no large batch", "only ", " takes b"),
        listing_rule("method.batch_size", "uses no minibatches", "the minibatch b' belongs to "),
        listing_rule("method.batch_fraction", "uses no minibatches", "the minibatch b' belongs to "),
        p,
        listing_rule("method.alpha", "has no alpha", "only ", " have the shift step size alpha"),
        fixed_rule("method.mu", "has no Polyak-Lojasiewicz step sizes",
                   "method.mu selects the PL steps of the MARINA family"),
        fixed_rule("wire.downlink", "has no delta downlink",
                   "wire.downlink = \"delta\" belongs to the MARINA family, whose g^{k+1} = g^k + the aggregate"),
    };
  }();
  return rules;
}

}  // namespace marina

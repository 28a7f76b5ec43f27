// The values a scenario key can hold. They live in methods/ because methods, compressors and
// problems declare the keys they read (methods/common/key_spec.hpp); the simulator's scenario
// loader stores effective values of the same types.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace marina {

// A number, a keyword, or a keyword times a factor: 0.01, "theory", "theory*2", "0.5*theory".
// Keywords stand for values only known once the problem is built (the paper's step size,
// lambda relative to the smoothness constants), so they are resolved late by whoever knows them.
struct Param {
  bool is_keyword = false;
  std::string keyword;  // e.g. "theory" (only when is_keyword)
  double value = 0.0;   // the number, or the multiplier of the keyword (1 for plain "theory")
  double resolve(double keyword_value) const { return is_keyword ? value * keyword_value : value; }

  friend bool operator==(const Param&, const Param&) = default;
};

// Alternatives in the order of ValueType (key_spec.hpp), so that index() == type.
using ScenarioValue =
    std::variant<bool, std::int64_t, double, std::string, std::vector<double>, Param>;

}  // namespace marina

// A method parameter as the scenario gives it: a number, the theory value, or a multiple
// of the theory value ("theory", "theory*2").
#pragma once

namespace marina {

struct TheoryValue {
  bool from_theory = true;
  double value = 1.0;  // the number itself, or the multiplier of the theory value

  static TheoryValue theory(double multiplier = 1.0) { return {true, multiplier}; }
  static TheoryValue fixed(double v) { return {false, v}; }
  double resolve(double theory_value) const { return from_theory ? value * theory_value : value; }
};

}  // namespace marina

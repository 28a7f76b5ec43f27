// Theory parameters against the values computed from the authors' formulas in
// paper-notes §6.1 (gamma is reported as gamma * L, so L = 1 here).
#include <gtest/gtest.h>

#include "methods/theory/step_sizes.hpp"

namespace marina {
namespace {

TEST(Theory, MushroomsK1MatchesPaperNotesTable) {
  // mushrooms with bias, K = 1: omega = 112, p = 1/113 = 0.00885, gamma L = 0.01957 (§6.1).
  const double omega = 112;
  const double p = theory::marina_p(omega);
  EXPECT_NEAR(p, 0.00885, 5e-6);
  EXPECT_NEAR(theory::marina_step(1.0, p, omega, 5), 0.01957, 5e-6);
  EXPECT_NEAR(theory::diana_step(1.0, omega, 5), 1.81e-4, 5e-7);
  EXPECT_NEAR(theory::diana_alpha(omega), 1.0 / 113, 1e-15);
}

TEST(Theory, OtherRowsOfPaperNotesTable) {
  // w8a (d = 301), K = 10: omega = 29.1, MARINA p = 0.03322, gamma L = 0.07136; DIANA 1.23e-3.
  const double omega = 301.0 / 10 - 1;
  const double p = theory::marina_p(omega);
  EXPECT_NEAR(p, 0.03322, 5e-6);
  EXPECT_NEAR(theory::marina_step(1.0, p, omega, 5), 0.07136, 5e-6);
  EXPECT_NEAR(theory::diana_step(1.0, omega, 5), 1.23e-3, 5e-6);
  // phishing (d = 69), K = 5: p = 0.07246, gamma L = 0.1487, DIANA 3.58e-3.
  const double w2 = 69.0 / 5 - 1;
  EXPECT_NEAR(theory::marina_p(w2), 0.07246, 5e-6);
  EXPECT_NEAR(theory::marina_step(1.0, theory::marina_p(w2), w2, 5), 0.1487, 5e-5);
  EXPECT_NEAR(theory::diana_step(1.0, w2, 5), 3.58e-3, 5e-6);
  EXPECT_DOUBLE_EQ(theory::gd_step(4.0), 0.25);
}

}  // namespace
}  // namespace marina

// Equivalences between methods that must hold exactly in exact arithmetic:
// MARINA with the identity compressor is GD (with the theory p = 1/(1+0) = 1 even bit for
// bit, since every round then sends the full gradient), and DIANA with identity
// compression and alpha = 1 is GD: its shifts become the last gradients, so
// h + mean(grad - h) = mean(grad).
#include <gtest/gtest.h>

#include "method_fixture.hpp"

namespace marina::testing {
namespace {

const WireFormat kF64{Precision::f64, IndexEncoding::log2};
const WireFormat kF32{Precision::f32, IndexEncoding::log2};

TEST(Equivalence, MarinaWithIdentityIsGdBitForBit) {
  auto obj = small_problem();
  const IdentityCompressor id(kF32);
  const auto gd = run_method(*obj, named("gd"), id, kF32, 200);
  const auto marina = run_method(*obj, named("marina"), id, kF32, 200);
  ASSERT_EQ(gd.iterates.size(), marina.iterates.size());
  for (std::size_t k = 0; k < gd.iterates.size(); ++k) {
    ASSERT_TRUE(marina.dense[k]) << "round " << k;
    ASSERT_EQ(gd.iterates[k], marina.iterates[k]) << "round " << k;
  }
}

// With p < 1 the compressed rounds build g from differences: g + mean(new - old) equals
// mean(new) in exact arithmetic, so only double rounding (about 1e-16 relative per
// operation, a few hundred operations deep) separates the two trajectories.
TEST(Equivalence, MarinaWithIdentityAndSmallPIsGdUpToRounding) {
  auto obj = small_problem();
  const IdentityCompressor id(kF64);
  MethodSpec m = named("marina");
  m.p = TheoryValue::fixed(0.3);
  m.step_size = TheoryValue::fixed(1.0 / obj->smoothness());
  const auto gd = run_method(*obj, named("gd"), id, kF64, 300);
  const auto marina = run_method(*obj, m, id, kF64, 300);
  std::size_t compressed = 0;
  for (std::size_t k = 0; k < gd.iterates.size(); ++k) {
    compressed += marina.dense[k] ? 0 : 1;
    const double scale = std::max(1.0, gd.iterates[k].norm());
    ASSERT_LE((gd.iterates[k] - marina.iterates[k]).norm(), 1e-12 * scale) << "round " << k;
  }
  EXPECT_GT(compressed, 150u);  // the equivalence was exercised on compressed rounds
}

TEST(Equivalence, DianaWithIdentityAndAlphaOneIsGdUpToRounding) {
  auto obj = small_problem();
  const IdentityCompressor id(kF64);
  MethodSpec d = named("diana");
  d.alpha = TheoryValue::fixed(1.0);
  d.step_size = TheoryValue::fixed(1.0 / obj->smoothness());
  const auto gd = run_method(*obj, named("gd"), id, kF64, 300);
  const auto diana = run_method(*obj, d, id, kF64, 300);
  for (std::size_t k = 0; k < gd.iterates.size(); ++k) {
    const double scale = std::max(1.0, gd.iterates[k].norm());
    ASSERT_LE((gd.iterates[k] - diana.iterates[k]).norm(), 1e-12 * scale) << "round " << k;
  }
  // And the trajectory moved: the check is not between two copies of x^0.
  EXPECT_GT((gd.iterates.back() - gd.iterates.front()).norm(), 1e-3);
}

TEST(Equivalence, TheComparisonDetectsADifferentMethod) {
  // The harness above can fail: MARINA with RandK follows a different trajectory than GD.
  auto obj = small_problem();
  const RandKCompressor q(obj->dim(), 2, kF64);
  MethodSpec m = named("marina");
  m.step_size = TheoryValue::fixed(1.0 / obj->smoothness());
  const auto gd = run_method(*obj, named("gd"), IdentityCompressor(kF64), kF64, 50);
  const auto marina = run_method(*obj, m, q, kF64, 50);
  EXPECT_GT((gd.iterates.back() - marina.iterates.back()).norm(), 1e-6);
}

TEST(Marina, DenseRoundFrequencyMatchesP) {
  auto obj = small_problem();
  const RandKCompressor q(obj->dim(), 2, kF32);
  MethodSpec m = named("marina");
  m.p = TheoryValue::fixed(0.2);
  const auto run = run_method(*obj, m, q, kF32, 5000);
  std::size_t dense = 0;
  for (std::size_t k = 1; k < run.dense.size(); ++k) dense += run.dense[k] ? 1 : 0;
  // Binomial(5000, 0.2): mean 1000, standard deviation 28.3; 5 sigma.
  EXPECT_NEAR(static_cast<double>(dense), 1000.0, 5 * 28.3);
  EXPECT_TRUE(run.dense[0]);  // g^0 is the full gradient
}

TEST(Marina, SameSeedSameIterates) {
  auto obj = small_problem();
  const RandKCompressor q(obj->dim(), 3, kF32);
  const auto a = run_method(*obj, named("marina"), q, kF32, 300, 9);
  const auto b = run_method(*obj, named("marina"), q, kF32, 300, 9);
  const auto c = run_method(*obj, named("marina"), q, kF32, 300, 10);
  EXPECT_EQ(a.iterates.back(), b.iterates.back());
  EXPECT_NE(a.iterates.back(), c.iterates.back());
}

}  // namespace
}  // namespace marina::testing

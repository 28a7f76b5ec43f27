// Exact bit counts of every encoding on known inputs, and rounding to each precision.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "methods/compressors/identity.hpp"
#include "methods/compressors/wire_format.hpp"

namespace marina {
namespace {

TEST(WireFormat, BitsPerIndexIsCeilLog2) {
  EXPECT_EQ(bits_per_index(1), 1u);
  EXPECT_EQ(bits_per_index(2), 1u);
  EXPECT_EQ(bits_per_index(3), 2u);
  EXPECT_EQ(bits_per_index(64), 6u);
  EXPECT_EQ(bits_per_index(65), 7u);
  EXPECT_EQ(bits_per_index(113), 7u);
  EXPECT_EQ(bits_per_index(301), 9u);
  EXPECT_EQ(bits_per_index(11689512), 24u);
}

TEST(WireFormat, DenseBitsPerPrecision) {
  EXPECT_EQ((WireFormat{Precision::f32, IndexEncoding::automatic}.dense_bits(113)), 113u * 32);
  EXPECT_EQ((WireFormat{Precision::f64, IndexEncoding::automatic}.dense_bits(113)), 113u * 64);
  EXPECT_EQ((WireFormat{Precision::f16, IndexEncoding::automatic}.dense_bits(113)), 113u * 16);
}

TEST(WireFormat, SparseBitsPerIndexEncoding) {
  const Index d = 301, k = 10;
  EXPECT_EQ((WireFormat{Precision::f32, IndexEncoding::none}.sparse_bits(d, k, true)), 320u);
  EXPECT_EQ((WireFormat{Precision::f32, IndexEncoding::log2}.sparse_bits(d, k, true)), 320u + 90u);
  EXPECT_EQ((WireFormat{Precision::f32, IndexEncoding::int32}.sparse_bits(d, k, true)), 320u + 320u);
  EXPECT_EQ((WireFormat{Precision::f32, IndexEncoding::mask}.sparse_bits(d, k, true)), 320u + 301u);
  EXPECT_EQ((WireFormat{Precision::f32, IndexEncoding::automatic}.sparse_bits(d, k, true)), 320u + 90u);
  // Dense enough that the mask wins.
  EXPECT_EQ((WireFormat{Precision::f32, IndexEncoding::automatic}.sparse_bits(d, 200, true)), 6400u + 301u);
}

TEST(WireFormat, NoneNeedsASeededSupport) {
  EXPECT_THROW((WireFormat{Precision::f32, IndexEncoding::none}.sparse_bits(10, 2, false)), std::invalid_argument);
}

TEST(WireFormat, RoundsToF32) {
  const WireFormat w{Precision::f32, IndexEncoding::automatic};
  EXPECT_EQ(w.round(0.1), static_cast<double>(0.1f));
  EXPECT_NE(w.round(0.1), 0.1);
  EXPECT_EQ(WireFormat{Precision::f64}.round(0.1), 0.1);
}

TEST(WireFormat, RoundsToHalfNearestEven) {
  EXPECT_EQ(round_to_half(1.0), 1.0);
  EXPECT_EQ(round_to_half(65504.0), 65504.0);                       // largest finite half
  EXPECT_TRUE(std::isinf(round_to_half(65520.0)));                   // rounds up past it
  EXPECT_EQ(round_to_half(1.0 + std::ldexp(1.0, -11)), 1.0);         // tie -> even (1.0)
  EXPECT_EQ(round_to_half(1.0 + 3 * std::ldexp(1.0, -11)), 1.0 + std::ldexp(1.0, -9));  // tie -> even
  EXPECT_EQ(round_to_half(0.1), 0.0999755859375);                    // 0x2E66
  EXPECT_EQ(round_to_half(-0.1), -0.0999755859375);
  EXPECT_EQ(round_to_half(std::ldexp(1.0, -24)), std::ldexp(1.0, -24));  // smallest subnormal
  EXPECT_EQ(round_to_half(std::ldexp(1.0, -26)), 0.0);
}

TEST(WireFormat, DenseMessageIsRoundedAndCounted) {
  Vec v(3);
  v << 0.1, 1e-3, -2.5;
  const Message m = encode_dense(v, WireFormat{Precision::f16});
  EXPECT_EQ(m.bits, 48u);
  EXPECT_EQ(m.dense[0], round_to_half(0.1));
  EXPECT_EQ(m.dense[2], -2.5);
}

}  // namespace
}  // namespace marina

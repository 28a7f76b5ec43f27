// The per-sample scalar work of the loss, written once for a scalar and for a vector of
// eight samples so that both give the same bits:
//   sigma(-t) = 1 / (1 + e^t)   and   phi'(t) = -2 sigma(-t)^2 (1 - sigma(-t))   (paper-notes §5.1).
//
// e^{-|t|} is computed here from IEEE additions, multiplications and one bit shift instead of
// std::exp: glibc picks its exp at load time by CPU (an FMA variant on newer machines), and a
// library call cannot be vectorised. Every operation below is correctly rounded, the file is
// compiled with -ffp-contract=off (no fused multiply-add), and the compiler may not reorder
// floating-point arithmetic, so a scalar, an SSE2, an AVX2 and an AVX-512 evaluation of the
// same sample give identical bits (tests/unit/test_shard_kernels.cpp checks each one present).
#pragma once

#include <bit>
#include <cstdint>

namespace marina::kernels {

// Forced inlining: the helpers take eight-double vectors by value, which must be inlined into
// each instruction-set variant of a kernel (shard_kernels.cpp) rather than called.
#define MARINA_KERNEL inline __attribute__((always_inline))

// Eight doubles, lowered by GCC to 4 SSE2, 2 AVX2 or 1 AVX-512 register(s) per operation.
typedef double V8 __attribute__((vector_size(64)));
typedef std::int64_t V8i __attribute__((vector_size(64)));

template <class T>
MARINA_KERNEL constexpr T splat(double a) {
  if constexpr (sizeof(T) == sizeof(double)) return a;
  else return T{a, a, a, a, a, a, a, a};
}
template <class T>
MARINA_KERNEL auto bits_of(T v) {
  if constexpr (sizeof(T) == sizeof(double)) return std::bit_cast<std::int64_t>(v);
  else return reinterpret_cast<V8i>(v);
}
template <class T, class I>
MARINA_KERNEL T from_bits(I v) {
  if constexpr (sizeof(T) == sizeof(double)) return std::bit_cast<double>(v);
  else return reinterpret_cast<V8>(v);
}

// where(mask, a, b): a where mask (all ones) is set, else b, through bit operations so that
// scalar and vector code do exactly the same thing.
template <class T, class I>
MARINA_KERNEL T where(I mask, T a, T b) {
  return from_bits<T>((bits_of(a) & mask) | (bits_of(b) & ~mask));
}
template <class T>
MARINA_KERNEL auto all_ones_if_negative(T v) {  // sign bit spread over the word: -1 if negative (or -0)
  return bits_of(v) >> 63;
}

// e^z for z <= 0, relative error below 2.2e-16 against std::exp (tested). z is clamped at
// -700 (e^-700 ~ 1e-304, still normal): every caller squares the result, and both e^-700
// squared and the true value round to 0, so the clamp changes no result.
template <class T>
MARINA_KERNEL T exp_nonpositive(T z) {
  const T floor_z = splat<T>(-700.0);
  z = where(all_ones_if_negative(z - floor_z), floor_z, z);
  // z = n ln2 + r, |r| <= ln2/2: n rounded to nearest by the 1.5 * 2^52 trick (exact for
  // |n| < 2^51), ln2 split in a high part with 32 trailing zero bits (n * hi is exact) and
  // a low part (Cody and Waite).
  const T magic = splat<T>(0x1.8p52);
  const T shifted = z * splat<T>(0x1.71547652b82fep0) + magic;
  const T n = shifted - magic;
  const auto n_int = bits_of(shifted) - bits_of(magic);
  const T r = (z - n * splat<T>(0x1.62e42fee00000p-1)) - n * splat<T>(0x1.a39ef35793c76p-33);
  // Taylor polynomial of degree 13 in Horner form: the remainder |r|^14/14! < 5e-18.
  T p = splat<T>(1.0 / 6227020800.0);
  p = p * r + splat<T>(1.0 / 479001600.0);
  p = p * r + splat<T>(1.0 / 39916800.0);
  p = p * r + splat<T>(1.0 / 3628800.0);
  p = p * r + splat<T>(1.0 / 362880.0);
  p = p * r + splat<T>(1.0 / 40320.0);
  p = p * r + splat<T>(1.0 / 5040.0);
  p = p * r + splat<T>(1.0 / 720.0);
  p = p * r + splat<T>(1.0 / 120.0);
  p = p * r + splat<T>(1.0 / 24.0);
  p = p * r + splat<T>(1.0 / 6.0);
  p = p * r + splat<T>(0.5);
  p = p * r + splat<T>(1.0);
  p = p * r + splat<T>(1.0);
  // 2^n built from its exponent bits (n >= -1010 after the clamp, so 2^n is normal).
  return p * from_bits<T>((n_int + 1023) << 52);
}

// sigma(-t) = 1 / (1 + e^t): e^t / (1 + e^t) written with e = e^{-t} <= 1 for t >= 0, and
// 1 / (1 + e^t) for t < 0, so the exponential never overflows.
template <class T>
MARINA_KERNEL T sigmoid_of_minus(T t) {
  const T abs_t = from_bits<T>(bits_of(t) & ~bits_of(splat<T>(-0.0)));
  const T e = exp_nonpositive(-abs_t);
  const T numerator = where(all_ones_if_negative(t), splat<T>(1.0), e);
  return numerator / (splat<T>(1.0) + e);
}

// phi'(t) = -2 sigma(-t)^2 (1 - sigma(-t)).
template <class T>
MARINA_KERNEL T phi_derivative_of(T t) {
  const T s = sigmoid_of_minus(t);
  return splat<T>(-2.0) * s * s * (splat<T>(1.0) - s);
}

// The weight of sample j in the gradient: w_j = y_j phi'(y_j t_j) * scale, with scale = 1/m
// (full gradient) or 1/b (minibatch): grad f_i(x) = A^T w + lambda x.
template <class T>
MARINA_KERNEL T sample_weight(T margin, T label, T scale) {
  return label * phi_derivative_of(label * margin) * scale;
}

}  // namespace marina::kernels

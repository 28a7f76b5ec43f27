#include "methods/problems/shard_kernels.hpp"

#include <cstring>

#include "methods/problems/logistic_weight.hpp"

namespace marina::kernels {
namespace {

MARINA_KERNEL V8 load8(const double* p) {
  V8 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
MARINA_KERNEL void store8(double* p, V8 v) { std::memcpy(p, &v, sizeof v); }

// The fixed combination of the eight lanes of a dot product.
MARINA_KERNEL double sum_lanes(V8 v) {
  return ((v[0] + v[4]) + (v[2] + v[6])) + ((v[1] + v[5]) + (v[3] + v[7]));
}

MARINA_KERNEL void weights_body(const double* margins, const double* labels, double scale, double* weights,
                                Index count) {
  const V8 s = splat<V8>(scale);
  for (Index j = 0; j < count; j += kLanes)
    store8(weights + j, sample_weight(load8(margins + j), load8(labels + j), s));
}

MARINA_KERNEL void margins_body(const double* a, Index rows, Index stride, const double* x, double* margins) {
  for (Index r = 0; r < rows; ++r) {
    const double* row = a + r * stride;
    V8 acc = splat<V8>(0.0);
    for (Index c = 0; c < stride; c += kLanes) acc += load8(row + c) * load8(x + c);
    margins[r] = sum_lanes(acc);
  }
}

MARINA_KERNEL void transpose_body(const double* a, Index rows, Index stride, const double* w, double* out) {
  for (Index c = 0; c < stride; c += kLanes) store8(out + c, splat<V8>(0.0));
  for (Index r = 0; r < rows; ++r) {
    const V8 wr = splat<V8>(w[r]);
    const double* row = a + r * stride;
    for (Index c = 0; c < stride; c += kLanes) store8(out + c, load8(out + c) + wr * load8(row + c));
  }
}

// One definition per instruction set; each inlines the same body.
#define MARINA_VARIANTS(name, body, params, args)                                          \
  void name##_baseline params { body args; }                                               \
  __attribute__((target("avx2"))) void name##_avx2 params { body args; }                  \
  __attribute__((target("avx512f,avx512dq"))) void name##_avx512 params { body args; }

MARINA_VARIANTS(weights, weights_body,
                (const double* margins, const double* labels, double scale, double* weights, Index count),
                (margins, labels, scale, weights, count))
MARINA_VARIANTS(margins, margins_body, (const double* a, Index rows, Index stride, const double* x, double* m),
                (a, rows, stride, x, m))
MARINA_VARIANTS(transpose, transpose_body,
                (const double* a, Index rows, Index stride, const double* w, double* out), (a, rows, stride, w, out))

#undef MARINA_VARIANTS

}  // namespace

Isa best_isa() {
  static const Isa best = [] {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq")) return Isa::avx512;
    if (__builtin_cpu_supports("avx2")) return Isa::avx2;
    return Isa::baseline;
  }();
  return best;
}

std::vector<Isa> supported_isas() {
  std::vector<Isa> out{Isa::baseline};
  if (best_isa() != Isa::baseline) out.push_back(Isa::avx2);
  if (best_isa() == Isa::avx512) out.push_back(Isa::avx512);
  return out;
}

const char* to_string(Isa isa) {
  switch (isa) {
    case Isa::baseline: return "sse2";
    case Isa::avx2: return "avx2";
    case Isa::avx512: return "avx512";
  }
  return "?";
}

void sample_weights(Isa isa, const double* margins, const double* labels, double scale, double* weights,
                    Index count) {
  switch (isa) {
    case Isa::avx512: return weights_avx512(margins, labels, scale, weights, count);
    case Isa::avx2: return weights_avx2(margins, labels, scale, weights, count);
    case Isa::baseline: return weights_baseline(margins, labels, scale, weights, count);
  }
}

void dense_margins(Isa isa, const double* a, Index rows, Index stride, const double* x, double* margins) {
  switch (isa) {
    case Isa::avx512: return margins_avx512(a, rows, stride, x, margins);
    case Isa::avx2: return margins_avx2(a, rows, stride, x, margins);
    case Isa::baseline: return margins_baseline(a, rows, stride, x, margins);
  }
}

void dense_transpose(Isa isa, const double* a, Index rows, Index stride, const double* w, double* out) {
  switch (isa) {
    case Isa::avx512: return transpose_avx512(a, rows, stride, w, out);
    case Isa::avx2: return transpose_avx2(a, rows, stride, w, out);
    case Isa::baseline: return transpose_baseline(a, rows, stride, w, out);
  }
}

}  // namespace marina::kernels

// The vectorised inner loops of a local gradient, each compiled for three x86-64 instruction
// sets and chosen at run time. The variants differ only in register width: every one
// evaluates the same expression tree in the same order (fixed lanes, no fused multiply-add),
// so they give identical bits and a result never depends on the machine (DESIGN.md).
#pragma once

#include <vector>

#include "methods/common/types.hpp"

namespace marina::kernels {

// Samples and columns are processed eight at a time; arrays handed to the kernels are padded
// to a multiple of kLanes.
inline constexpr int kLanes = 8;

enum class Isa { baseline, avx2, avx512 };  // baseline = SSE2, what every x86-64 has

// The widest variant this CPU runs, and every variant it runs (for tests and benchmarks).
Isa best_isa();
std::vector<Isa> supported_isas();
const char* to_string(Isa isa);

// w[j] = y[j] phi'(y[j] t[j]) * scale for j < count, count a multiple of 8.
void sample_weights(Isa isa, const double* margins, const double* labels, double scale, double* weights,
                    Index count);

// Row-major dense block, rows of `stride` doubles (a multiple of 8, zero-padded):
// t[r] = a_r^T x, accumulated in 8 lanes (lane = column mod 8) combined in a fixed tree.
void dense_margins(Isa isa, const double* a, Index rows, Index stride, const double* x, double* margins);
// out[0, stride) = sum_r w[r] a_r, summed over r in row order (out is overwritten).
void dense_transpose(Isa isa, const double* a, Index rows, Index stride, const double* w, double* out);

}  // namespace marina::kernels

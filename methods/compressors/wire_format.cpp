#include "methods/compressors/wire_format.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace marina {

std::uint64_t WireFormat::value_bits() const {
  if (paper_accounting) return 32;
  switch (precision) {
    case Precision::f16: return 16;
    case Precision::f32: return 32;
    case Precision::f64: return 64;
  }
  return 64;
}

std::uint64_t WireFormat::dense_bits(Index d) const {
  return static_cast<std::uint64_t>(d) * value_bits();
}

std::uint64_t bits_per_index(Index d) {
  assert(d >= 1);
  std::uint64_t bits = 0;
  while ((std::uint64_t{1} << bits) < static_cast<std::uint64_t>(d)) ++bits;
  return std::max<std::uint64_t>(bits, 1);
}

std::uint64_t WireFormat::index_bits(Index d, Index k, bool support_from_seed) const {
  if (paper_accounting) return 0;
  const auto kk = static_cast<std::uint64_t>(k);
  const std::uint64_t log2_cost = kk * bits_per_index(d);
  const std::uint64_t int32_cost = kk * 32;
  const std::uint64_t mask_cost = static_cast<std::uint64_t>(d);
  switch (indices) {
    case IndexEncoding::none:
      if (!support_from_seed)
        throw std::invalid_argument("index encoding 'none' needs a support regenerated from a shared seed");
      return 0;
    case IndexEncoding::log2: return log2_cost;
    case IndexEncoding::int32: return int32_cost;
    case IndexEncoding::mask: return mask_cost;
    case IndexEncoding::automatic: return std::min({log2_cost, int32_cost, mask_cost});
  }
  return log2_cost;
}

std::uint64_t WireFormat::sparse_bits(Index d, Index k, bool support_from_seed) const {
  return static_cast<std::uint64_t>(k) * value_bits() + index_bits(d, k, support_from_seed);
}

std::uint64_t WireFormat::explicit_sparse_bits(Index d, Index k) const {
  if (paper_accounting) return static_cast<std::uint64_t>(k) * value_bits();  // indices free
  WireFormat explicit_support = *this;
  if (explicit_support.indices == IndexEncoding::none) explicit_support.indices = IndexEncoding::automatic;
  return bits_per_index(d + 1) + explicit_support.sparse_bits(d, k, /*support_from_seed=*/false);
}

double round_to_half(double v) {
  if (!std::isfinite(v)) return v;
  // binary16: 1 sign, 5 exponent (bias 15), 10 fraction bits; max finite 65504;
  // subnormal spacing 2^-24. Rounding to a multiple of the local spacing with
  // nearbyint (ties to even under the default rounding mode) is exact here because the
  // scaled value fits easily in a double.
  const double a = std::fabs(v);
  if (a >= 65520.0) return std::copysign(std::numeric_limits<double>::infinity(), v);
  int exponent = 0;
  std::frexp(a, &exponent);  // a = m * 2^exponent, m in [0.5, 1)
  const int unbiased = std::max(exponent - 1, -14);  // normal range floor is 2^-14
  const double spacing = std::ldexp(1.0, unbiased - 10);
  const double rounded = std::nearbyint(a / spacing) * spacing;
  return std::copysign(rounded, v);
}

double WireFormat::round(double v) const {
  switch (precision) {
    case Precision::f16: return round_to_half(v);
    case Precision::f32: return static_cast<double>(static_cast<float>(v));
    case Precision::f64: return v;
  }
  return v;
}

void WireFormat::round_in_place(Vec& v) const {
  if (precision == Precision::f64) return;
  for (Index i = 0; i < v.size(); ++i) v[i] = round(v[i]);
}

Precision parse_precision(const std::string& name) {
  if (name == "f16") return Precision::f16;
  if (name == "f32") return Precision::f32;
  if (name == "f64") return Precision::f64;
  throw std::invalid_argument("unknown precision '" + name + "'");
}

IndexEncoding parse_index_encoding(const std::string& name) {
  if (name == "auto") return IndexEncoding::automatic;
  if (name == "none") return IndexEncoding::none;
  if (name == "log2") return IndexEncoding::log2;
  if (name == "int32") return IndexEncoding::int32;
  if (name == "mask") return IndexEncoding::mask;
  throw std::invalid_argument("unknown index encoding '" + name + "'");
}

DownlinkEncoding parse_downlink_encoding(const std::string& name) {
  if (name == "dense") return DownlinkEncoding::dense;
  if (name == "delta") return DownlinkEncoding::delta;
  throw std::invalid_argument("unknown downlink encoding '" + name + "'");
}

std::string to_string(DownlinkEncoding e) { return e == DownlinkEncoding::delta ? "delta" : "dense"; }

std::string to_string(Precision p) {
  switch (p) {
    case Precision::f16: return "f16";
    case Precision::f32: return "f32";
    case Precision::f64: return "f64";
  }
  return "?";
}

std::string to_string(IndexEncoding e) {
  switch (e) {
    case IndexEncoding::automatic: return "auto";
    case IndexEncoding::none: return "none";
    case IndexEncoding::log2: return "log2";
    case IndexEncoding::int32: return "int32";
    case IndexEncoding::mask: return "mask";
  }
  return "?";
}

}  // namespace marina

#include "methods/compressors/random_dithering.hpp"

#include "methods/common/input_error.hpp"
#include "methods/compressors/compressor_registry.hpp"

#include <algorithm>
#include <boost/random/bernoulli_distribution.hpp>
#include <cassert>
#include <cmath>
#include <vector>

namespace marina {

std::uint64_t ceil_log2(std::uint64_t v) {
  std::uint64_t bits = 0;
  while (bits < 64 && (std::uint64_t{1} << bits) < v) ++bits;
  return bits;
}

double dithering_reference_norm(double exact_norm, double rounded_norm) {
  return std::isfinite(rounded_norm) ? rounded_norm : exact_norm;
}

RandomDitheringCompressor::RandomDitheringCompressor(Index dim, int levels, WireFormat wire)
    : dim_(dim), levels_(levels), wire_(wire) {
  assert(dim >= 1 && levels >= 1);
}

// QSGD Lemma 3.1 (paper-notes §4.3).
double RandomDitheringCompressor::omega(Index d) const {
  const double dd = static_cast<double>(d), s = levels_;
  return std::min(dd / (s * s), std::sqrt(dd) / s);
}

double RandomDitheringCompressor::expected_density(Index d) const {
  const double dd = static_cast<double>(d), s = levels_;
  return std::min(dd, s * (s + std::sqrt(dd)));
}

Message RandomDitheringCompressor::encode(const Vec& x, Rng& rng, const CompressionContext&) const {
  assert(x.size() == dim_);
  const auto d = static_cast<std::uint64_t>(dim_);
  const auto s = static_cast<std::uint64_t>(levels_);
  const std::uint64_t paper_bits = 32 + d * (1 + ceil_log2(s));  // [code]'s count, §4.3

  const double norm = x.norm();
  const double r = wire_.round(norm);  // what the receiver decodes with
  if (norm == 0.0 || r == 0.0) {
    const std::uint64_t bits = wire_.paper_accounting ? paper_bits : wire_.value_bits();
    return Message::sparse_vector(dim_, {}, {}, bits);
  }

  // Draw xi_j against the reference norm so that E[sign * r * xi_j / s] = x_j.
  const double ref = dithering_reference_norm(norm, r);
  std::vector<Index> support;
  std::vector<double> values;
  for (Index j = 0; j < dim_; ++j) {
    if (x[j] == 0.0) continue;
    const double t = static_cast<double>(s) * std::abs(x[j]) / ref;
    double xi = std::floor(t);
    if (xi >= static_cast<double>(s)) {
      xi = static_cast<double>(s);  // |x_j| >= ref only when r rounded below ||x||
    } else {
      boost::random::bernoulli_distribution<double> up(t - xi);
      if (up(rng)) xi += 1.0;
    }
    if (xi == 0.0) continue;
    support.push_back(j);
    values.push_back(std::copysign(r * xi / static_cast<double>(s), x[j]));
  }

  const auto nnz = static_cast<std::uint64_t>(support.size());
  // Wire layout: [norm][1 bit: dense or sparse], then either d (sign, level 0..s) pairs, or
  // the number of nonzeros (ceil(log2(d+1)) bits), their indices and (sign, level 1..s).
  constexpr std::uint64_t kModeBit = 1;
  const std::uint64_t dense_levels = kModeBit + d * (1 + ceil_log2(s + 1));
  bool dense = true;
  std::uint64_t bits = paper_bits;
  if (!wire_.paper_accounting) {
    bits = wire_.value_bits() + dense_levels;
    if (wire_.indices != IndexEncoding::none) {
      const std::uint64_t sparse_levels =
          kModeBit + ceil_log2(d + 1) + nnz * (1 + ceil_log2(s)) +
          wire_.index_bits(dim_, static_cast<Index>(nnz), /*support_from_seed=*/false);
      if (sparse_levels < dense_levels) {
        dense = false;
        bits = wire_.value_bits() + sparse_levels;
      }
    }
  }
  if (!dense) return Message::sparse_vector(dim_, std::move(support), std::move(values), bits);
  Vec out = Vec::Zero(dim_);
  for (std::size_t j = 0; j < support.size(); ++j) out[support[j]] = values[j];
  return Message::dense_vector(std::move(out), bits);
}

CompressorDescription describe_qsgd() {
  CompressorDescription c;
  c.name = "qsgd";
  c.title = "QSGD";
  c.summary = "random dithering of |x_j|/||x|| to s levels (paper-notes §4.3)";
  c.unbiased = true;
  c.reads = {{"compressor.levels", ""}};
  c.make = [](const CompressorSpec& spec, Index dim, const WireFormat& wire) -> std::unique_ptr<Compressor> {
    check_levels_in_range(spec);
    return std::make_unique<RandomDitheringCompressor>(dim, spec.levels, wire);
  };
  return c;
}

}  // namespace marina

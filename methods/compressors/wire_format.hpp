// How values and indices are encoded on the wire, and what that costs in bits
// (DESIGN.md "Bits on the wire"). Values are rounded to the declared precision before
// anybody uses them, so the bits counted are exactly the bits decoded.
#pragma once

#include <cstdint>
#include <string>

#include "methods/common/types.hpp"

namespace marina {

enum class Precision { f16, f32, f64 };

// none: the support is regenerated from a seed both ends share, so it costs nothing
//       (the paper's accounting, paper-notes §4.6); only valid for seed-driven supports.
// log2: ceil(log2 d) bits per index.  int32: 32 bits per index.  mask: one bit per coordinate.
// automatic: the smallest of log2, int32 and mask for the message at hand.
enum class IndexEncoding { automatic, none, log2, int32, mask };

// What the MARINA family's server sends down on a compressed round (issue 12):
// dense: g^{k+1} in full (d values), as in the paper;
// delta: the aggregate (1/n) sum_i Q_i(Delta_i) that every party adds to the g^k it already
//        holds, as a sparse message, or g^{k+1} in full when that is cheaper.
enum class DownlinkEncoding { dense, delta };

struct WireFormat {
  Precision precision = Precision::f32;
  IndexEncoding indices = IndexEncoding::automatic;
  // The paper's accounting (paper-notes §4.6): every value costs 32 bits whatever the
  // precision, indices are free. (The recorder also leaves out g^0 and the downlink.)
  bool paper_accounting = false;
  DownlinkEncoding downlink = DownlinkEncoding::dense;

  std::uint64_t value_bits() const;
  // Bits of a dense vector of dimension d.
  std::uint64_t dense_bits(Index d) const;
  // Bits of k (index, value) pairs out of dimension d. `support_from_seed` says whether the
  // receiver can regenerate the indices (RandK, PermK) so that IndexEncoding::none is valid.
  std::uint64_t sparse_bits(Index d, Index k, bool support_from_seed) const;
  std::uint64_t index_bits(Index d, Index k, bool support_from_seed) const;
  // Bits of k (index, value) pairs whose support the receiver can neither regenerate nor
  // size in advance (the delta downlink's aggregate): a count of ceil(log2(d+1)) bits, the
  // indices (`none` is not possible here, so it falls back to `auto`), the k values.
  std::uint64_t explicit_sparse_bits(Index d, Index k) const;
  // Round a value to what the receiver decodes.
  double round(double v) const;
  void round_in_place(Vec& v) const;
};

Precision parse_precision(const std::string& name);
IndexEncoding parse_index_encoding(const std::string& name);
DownlinkEncoding parse_downlink_encoding(const std::string& name);
std::string to_string(Precision p);
std::string to_string(IndexEncoding e);
std::string to_string(DownlinkEncoding e);

// ceil(log2 d) for d >= 1, with 1 bit for d = 1 so that an index is never free by accident.
std::uint64_t bits_per_index(Index d);

// Round-to-nearest-even conversion to IEEE binary16 and back (no hardware half type needed).
double round_to_half(double v);

}  // namespace marina

// A seeded generator of heterogeneous binary-classification data, for runs and tests that
// should not depend on downloaded files.
#pragma once

#include <cstdint>

#include "methods/data/dataset.hpp"

namespace marina {

// Field names match the scenario keys data.<field>, which the validation messages name.
struct SyntheticSpec {
  Index samples = 2000;
  Index features = 40;
  int groups = 5;              // contiguous blocks of rows, each with its own distribution
  double density = 0.3;        // probability that a feature of a row is nonzero
  double heterogeneity = 0.8;  // h: 0 = every group alike, 1 = unrelated groups
  double label_noise = 0.05;   // probability that a label is flipped
  std::uint64_t seed = 1;
};

// Rows come in `groups` contiguous blocks of floor(samples/groups) rows (the last block
// also takes the remainder), so contiguous sharding over `groups` workers hands each worker
// exactly one group. Group g has its own direction w_g = (1-h) w_shared + h w_own(g) and
// its own feature means h * m_g; a row's nonzero features are N(h * m_g, 1), its label is
// sign(a . w_g), flipped with probability label_noise. Every row has at least one nonzero.
// Output depends only on the spec (Boost.Random streams from make_rng), on every platform.
// Throws InputError("", 0, "data.<field> ...") for an invalid spec.
Dataset make_synthetic(const SyntheticSpec& spec);

}  // namespace marina

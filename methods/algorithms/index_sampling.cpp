#include "methods/algorithms/index_sampling.hpp"

#include <algorithm>
#include <boost/random/uniform_int_distribution.hpp>
#include <cassert>
#include <numeric>

#include "methods/compressors/rand_k.hpp"

namespace marina {

std::vector<Index> sample_with_replacement(Index d, Index k, Rng& rng) {
  assert(d >= 1 && k >= 1);
  boost::random::uniform_int_distribution<Index> draw(0, d - 1);
  std::vector<Index> out(static_cast<std::size_t>(k));
  for (Index& i : out) i = draw(rng);
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<Index> sample_indices(Index d, Index k, bool with_replacement, Rng& rng, std::vector<char>& marker) {
  if (with_replacement) return sample_with_replacement(d, k, rng);
  if (k == d) {
    std::vector<Index> all(static_cast<std::size_t>(d));
    std::iota(all.begin(), all.end(), Index{0});
    return all;
  }
  return sample_subset(d, k, rng, marker);
}

}  // namespace marina

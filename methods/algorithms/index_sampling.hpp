// k indices out of {0..d-1}, ascending: the samples of a minibatch (VR-MARINA) or the
// clients of a partial-participation round (PP-MARINA). Ascending rows walk a shard in
// memory order; ascending clients are what RoundPlan::participants promises.
#pragma once

#include <vector>

#include "methods/common/types.hpp"

namespace marina {

// k independent uniform draws, sorted; duplicates are kept (each counts, e.g. as an oracle
// call or as one more uplink), as sampling from a distribution requires (paper-notes §2.3).
std::vector<Index> sample_with_replacement(Index d, Index k, Rng& rng);

// Without replacement: a uniform k-subset (sample_subset). k = d is then the whole range,
// returned without touching rng: the result is the same, and the stream is left as it would
// be with no sampling at all (so a full-shard VR-MARINA replays MARINA's compressor draws).
std::vector<Index> sample_indices(Index d, Index k, bool with_replacement, Rng& rng, std::vector<char>& marker);

}  // namespace marina

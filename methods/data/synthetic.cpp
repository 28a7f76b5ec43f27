#include "methods/data/synthetic.hpp"

#include <boost/random/bernoulli_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <charconv>
#include <cmath>
#include <limits>
#include <string>

#include "methods/common/input_error.hpp"
#include "methods/common/rng.hpp"

namespace marina {
namespace {

// Groups use the data streams 0, 1, ..., groups-1; the shared direction takes a stream
// index no group can reach, so it does not change when the number of groups does.
constexpr std::uint64_t kSharedStream = ~std::uint64_t{0};
constexpr double kMaxExpectedNonzeros = 1e9;
// Below this density a row's nonzeros are found by drawing the gaps between them (time in
// proportion to the nonzeros, about 36 ns each) rather than one Bernoulli draw per feature (time in
// proportion to the features, about 13 ns each), measured on 4000 x 20000 (docs/performance.md
// "Wide sparse data"): the gaps win below a density of about 0.35. The switch changes the data
// (other draws), so it stays well below the densities that committed results use (0.2 and up in
// scenarios/ and docs/, 0.25 and 0.3 in tests): from 0.1 up the data are what they always were.
constexpr double kGapSamplingBelow = 0.1;

std::string format_number(double x) {
  char buffer[32];
  const auto [stop, ec] = std::to_chars(buffer, buffer + sizeof buffer, x);
  return ec == std::errc{} ? std::string(buffer, stop) : std::string("?");
}

[[noreturn]] void reject(const std::string& field, const std::string& requirement, const std::string& got) {
  throw InputError("", 0, "data." + field + " must be " + requirement + ", got " + got);
}

// Comparisons are written so that NaN fails them.
void validate(const SyntheticSpec& s) {
  if (!(s.groups >= 1)) reject("groups", "at least 1", std::to_string(s.groups));
  // Column indices are stored as int.
  constexpr Index max_features = std::numeric_limits<int>::max();
  if (!(s.features >= 1 && s.features <= max_features))
    reject("features", "between 1 and " + std::to_string(max_features), std::to_string(s.features));
  if (!(s.samples >= s.groups))
    reject("samples", "at least data.groups (" + std::to_string(s.groups) + ")", std::to_string(s.samples));
  if (!(s.density > 0.0 && s.density <= 1.0)) reject("density", "in (0, 1]", format_number(s.density));
  if (!(s.heterogeneity >= 0.0 && s.heterogeneity <= 1.0))
    reject("heterogeneity", "in [0, 1]", format_number(s.heterogeneity));
  if (!(s.label_noise >= 0.0 && s.label_noise <= 0.5))
    reject("label_noise", "in [0, 0.5]", format_number(s.label_noise));
  // Eigen stores sparse offsets as int; half its range leaves room for random fluctuation.
  const double expected_nonzeros = static_cast<double>(s.samples) * static_cast<double>(s.features) * s.density;
  if (expected_nonzeros > kMaxExpectedNonzeros)
    throw InputError("", 0,
                     "data.samples * data.features * data.density (expected nonzeros) must be at most " +
                         format_number(kMaxExpectedNonzeros) + ", got " + format_number(expected_nonzeros));
}

std::string describe(const SyntheticSpec& s) {
  return "synthetic(samples=" + std::to_string(s.samples) + ",features=" + std::to_string(s.features) +
         ",groups=" + std::to_string(s.groups) + ",density=" + format_number(s.density) +
         ",heterogeneity=" + format_number(s.heterogeneity) + ",label_noise=" + format_number(s.label_noise) +
         ",seed=" + std::to_string(s.seed) + ")";
}

Vec standard_normal(Index n, Rng& rng) {
  boost::random::normal_distribution<double> normal(0.0, 1.0);
  Vec v(n);
  for (Index j = 0; j < n; ++j) v[j] = normal(rng);
  return v;
}

// Unit length, so that the mix (1-h) w_shared + h w_own weighs both parts alike.
Vec random_direction(Index n, Rng& rng) {
  Vec v = standard_normal(n, rng);
  const double norm = v.norm();
  return norm > 0.0 ? Vec(v / norm) : v;
}

struct GroupModel {
  Vec direction;  // w_g
  Vec mean;       // mean of a nonzero feature in this group
};

GroupModel draw_group(const Vec& shared, const SyntheticSpec& s, Rng& rng) {
  const double h = s.heterogeneity;
  GroupModel g;
  g.direction = (1.0 - h) * shared + h * random_direction(s.features, rng);
  g.mean = h * standard_normal(s.features, rng);
  return g;
}

// Calls put(j) for the features j of one row that are present, each independently with
// probability p = density, in increasing order.
// - p >= kGapSamplingBelow: one Bernoulli draw per feature, the generator's original stream.
// - below: the gap before the next present feature is drawn instead. The number of absent
//   features before a present one is geometric, P(gap >= k) = (1 - p)^k, so with U uniform in
//   (0, 1], gap = floor(log U / log(1 - p)): one draw per nonzero instead of one per feature, the
//   same distribution of rows but other draws, so other data than the per-feature stream.
template <class Put>
void draw_present_features(const SyntheticSpec& s, Rng& rng, Put&& put) {
  if (s.density >= kGapSamplingBelow) {
    boost::random::bernoulli_distribution<double> present(s.density);
    for (Index j = 0; j < s.features; ++j)
      if (present(rng)) put(j);
    return;
  }
  boost::random::uniform_real_distribution<double> uniform(0.0, 1.0);  // [0, 1)
  const double log_absent = std::log1p(-s.density);                    // log(1 - p) < 0
  const auto gap = [&] { return std::floor(std::log1p(-uniform(rng)) / log_absent); };
  // In double until compared: a gap may exceed any Index when p is tiny; features < 2^31 are exact.
  const auto features = static_cast<double>(s.features);
  for (double j = gap(); j < features; j += 1.0 + gap()) put(static_cast<Index>(j));
}

// Appends rows [first, first + count) to `out`, which is being filled row by row.
void append_rows(const GroupModel& g, const SyntheticSpec& s, Index first, Index count, Rng& rng, SparseRows& out,
                 Vec& labels) {
  // A uniform draw for every row, even when label_noise is 0 (Boost's Bernoulli skips the
  // draw for p = 0): then changing label_noise changes labels only, never the features.
  boost::random::uniform_real_distribution<double> coin(0.0, 1.0);
  boost::random::normal_distribution<double> noise(0.0, 1.0);
  boost::random::uniform_int_distribution<Index> any_feature(0, s.features - 1);
  for (Index r = first; r < first + count; ++r) {
    out.startVec(r);
    double margin = 0.0;
    Index stored = 0;
    auto put = [&](Index j) {
      const double a = g.mean[j] + noise(rng);
      out.insertBack(r, j) = a;
      margin += a * g.direction[j];
      ++stored;
    };
    draw_present_features(s, rng, put);
    // An empty row would carry no information and no gradient work.
    if (stored == 0) put(any_feature(rng));
    const double y = margin >= 0.0 ? 1.0 : -1.0;
    labels[r] = coin(rng) < s.label_noise ? -y : y;
  }
}

}  // namespace

Dataset make_synthetic(const SyntheticSpec& spec) {
  validate(spec);
  Rng shared_rng = make_rng(spec.seed, StreamRole::data, kSharedStream);
  const Vec shared = random_direction(spec.features, shared_rng);

  Dataset data;
  data.features.resize(spec.samples, spec.features);
  data.features.reserve(
      static_cast<Index>(static_cast<double>(spec.samples) * static_cast<double>(spec.features) * spec.density) +
      spec.samples);
  data.labels.resize(spec.samples);
  // Blocks of floor(N/G) rows match contiguous sharding over G workers exactly; the last
  // group also takes the remainder, which that sharding drops.
  const Index block = spec.samples / spec.groups;
  for (int g = 0; g < spec.groups; ++g) {
    Rng rng = make_rng(spec.seed, StreamRole::data, static_cast<std::uint64_t>(g));
    const GroupModel model = draw_group(shared, spec, rng);
    const Index first = g * block;
    const Index count = g + 1 == spec.groups ? spec.samples - first : block;
    append_rows(model, spec, first, count, rng, data.features, data.labels);
  }
  data.features.finalize();
  data.origin = describe(spec);
  return data;
}

}  // namespace marina

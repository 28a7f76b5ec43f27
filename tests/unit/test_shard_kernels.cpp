// The gradient kernels (methods/problems/shard_matrix, shard_kernels, logistic_weight):
// every storage gives the gradient, minibatch gradient and value of a straightforward
// reference, every instruction-set variant gives identical bits, the storage rule picks what
// the measured costs say, and pattern_csr and pattern_groups are used only when each column
// has one value.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <limits>
#include <random>

#include "methods/data/libsvm.hpp"
#include "methods/data/sharding.hpp"
#include "methods/problems/logistic_weight.hpp"
#include "methods/problems/nonconvex_logistic.hpp"

namespace marina {
namespace {

// A random shard with each entry present with probability `density` (every row gets the
// bias column 0 = 1), values 1 or uniform in [-2, 2], labels +-1.
Dataset random_shard(Index rows, Index cols, double density, bool binary, unsigned seed, double common = 1.0) {
  std::mt19937_64 gen(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<Eigen::Triplet<double>> entries;
  Dataset d;
  d.labels.resize(rows);
  for (Index r = 0; r < rows; ++r) {
    entries.emplace_back(r, 0, 1.0);
    for (Index c = 1; c < cols; ++c)
      if (u(gen) < density) entries.emplace_back(r, c, binary ? common : 4.0 * u(gen) - 2.0);
    d.labels[r] = u(gen) < 0.5 ? -1.0 : 1.0;
  }
  d.features.resize(rows, cols);
  d.features.setFromTriplets(entries.begin(), entries.end());
  d.features.makeCompressed();
  return d;
}

// One-hot categorical data like mushrooms: a bias column, then `attributes` blocks of
// `values` columns, each row with one entry per block, the value drawn from a skewed law (so
// that patterns repeat, as in real categorical data).
Dataset one_hot_shard(Index rows, Index attributes, Index values, unsigned seed) {
  std::mt19937_64 gen(seed);
  std::geometric_distribution<Index> pick(0.5);
  std::vector<Eigen::Triplet<double>> entries;
  Dataset d;
  d.labels.resize(rows);
  for (Index r = 0; r < rows; ++r) {
    entries.emplace_back(r, 0, 1.0);
    for (Index a = 0; a < attributes; ++a) entries.emplace_back(r, 1 + a * values + pick(gen) % values, 1.0);
    d.labels[r] = r % 3 == 0 ? -1.0 : 1.0;
  }
  d.features.resize(rows, 1 + attributes * values);
  d.features.setFromTriplets(entries.begin(), entries.end());
  d.features.makeCompressed();
  return d;
}

// The gradient term by term in long double, with std::exp: (1/|rows|) sum_j y_j phi'(y_j a_j^T x) a_j
// + lambda x (paper-notes §5.1). Also returns sum_j |y_j phi'| |a_j| |x|-style magnitudes
// so the comparison can be relative to the size of the terms, not of the (cancelling) sum.
struct Reference {
  Vec grad;
  Vec magnitude;  // sum over rows of |w_j a_jc| + |lambda x_c|: the scale of each coordinate's rounding
  Vec propagated;  // what rounding the margins in double can move each coordinate by (below)
  Vec entries;     // n_c, the number of terms summed into coordinate c
  double value = 0;
};

Reference reference(const Dataset& d, double lambda, const Vec& x, const std::vector<Index>& rows) {
  Reference ref;
  ref.entries = Vec::Zero(d.dim());
  std::vector<long double> g(static_cast<std::size_t>(d.dim()), 0.0L), mag(g.size(), 0.0L), prop(g.size(), 0.0L);
  const long double eps = std::numeric_limits<double>::epsilon();
  long double value = 0;
  const long double inv = 1.0L / static_cast<long double>(rows.size());
  for (Index r : rows) {
    long double t = 0, abs_t = 0;
    long double length = 0;
    for (SparseRows::InnerIterator it(d.features, r); it; ++it) {
      t += static_cast<long double>(it.value()) * x[it.col()];
      abs_t += std::fabs(static_cast<long double>(it.value()) * x[it.col()]);
      length += 1;
    }
    // The kernels sum a margin of n products in double: off by at most (n + 1) eps sum |a_c x_c|
    // (Higham, Accuracy and Stability, §3.1 and §4.2), and w_j moves by at most
    // sup |phi''| = 0.15406 times that (over |rows|).
    const long double dw = 0.15406L * (length + 1) * eps * abs_t * (1.0L / static_cast<long double>(rows.size()));
    const long double y = d.labels[r];
    const long double e = std::exp(static_cast<long double>(y * t));
    const long double s = 1.0L / (1.0L + e);                 // sigma(-y t)
    const long double w = y * (-2.0L * s * s * (1.0L - s)) * inv;  // y phi'(y t) / |rows|
    value += s * s * inv;
    for (SparseRows::InnerIterator it(d.features, r); it; ++it) {
      g[static_cast<std::size_t>(it.col())] += w * it.value();
      mag[static_cast<std::size_t>(it.col())] += std::fabs(w * it.value());
      prop[static_cast<std::size_t>(it.col())] += dw * std::fabs(static_cast<long double>(it.value()));
      ref.entries[it.col()] += 1;
    }
  }
  ref.grad.resize(d.dim());
  ref.magnitude.resize(d.dim());
  ref.propagated.resize(d.dim());
  for (Index c = 0; c < d.dim(); ++c) {
    ref.propagated[c] = static_cast<double>(prop[static_cast<std::size_t>(c)]);
    ref.grad[c] = static_cast<double>(g[static_cast<std::size_t>(c)] + lambda * x[c]);
    ref.magnitude[c] = static_cast<double>(mag[static_cast<std::size_t>(c)] + std::fabs(lambda * x[c]));
  }
  ref.value = static_cast<double>(value + 0.5L * lambda * x.squaredNorm());
  return ref;
}

std::vector<Index> all_rows(Index m) {
  std::vector<Index> rows(static_cast<std::size_t>(m));
  for (Index i = 0; i < m; ++i) rows[static_cast<std::size_t>(i)] = i;
  return rows;
}

// Each coordinate within the error that rounding the margins may cause (propagated) plus
// (n_c + 16) ulps of the size of its terms: each term is within a few ulps of exact (the exp
// within 1 ulp, then a handful of roundings) and a sum of n_c terms, with or without partial
// sums, is off by at most about n_c eps sum |terms| (Higham, Accuracy and Stability, §4.2).
// A missing or doubled entry moves a coordinate by a whole term, about 1/n_c of the magnitude,
// far beyond (n_c + 16) eps for any column here.
void expect_close(const Vec& got, const Reference& ref, const std::string& what) {
  ASSERT_EQ(got.size(), ref.grad.size()) << what;
  for (Index c = 0; c < got.size(); ++c) {
    const double tol =
        ref.propagated[c] + (ref.entries[c] + 16) * std::numeric_limits<double>::epsilon() * ref.magnitude[c] + 1e-300;
    EXPECT_LE(std::fabs(got[c] - ref.grad[c]), tol) << what << ", coordinate " << c;
  }
}

const std::vector<ShardStorage> kAllStorages{ShardStorage::csr, ShardStorage::pattern_csr, ShardStorage::pattern_groups,
                                             ShardStorage::dense};
bool needs_column_constant(ShardStorage s) { return s == ShardStorage::pattern_csr || s == ShardStorage::pattern_groups; }

void check_all_storages(const Dataset& d, const std::string& name) {
  const double lambda = 1e-3;
  const bool column_constant = shape_of(d.features).column_constant;
  std::mt19937_64 gen(7);
  std::normal_distribution<double> normal(0.0, 0.7);
  Vec x(d.dim());
  for (Index c = 0; c < d.dim(); ++c) x[c] = normal(gen);
  const Reference full = reference(d, lambda, x, all_rows(d.samples()));
  std::vector<Index> batch;
  for (Index r = 0; r < d.samples(); r += 7) batch.push_back(r);
  batch.push_back(3);  // a row twice: a minibatch may repeat samples
  const Reference mini = reference(d, lambda, x, batch);
  for (ShardStorage s : kAllStorages) {
    if (needs_column_constant(s) && !column_constant) continue;
    const NonconvexLogistic f(d, lambda, s);
    ASSERT_EQ(f.storage(), s);
    const std::string what = name + " " + to_string(s);
    Vec g;
    f.gradient(x, g);
    expect_close(g, full, what + " gradient");
    f.minibatch_gradient(x, batch, g);
    expect_close(g, mini, what + " minibatch");
    EXPECT_NEAR(f.value(x), full.value, 1e-14 * std::max(1.0, std::fabs(full.value))) << what;
  }
}

TEST(ShardKernels, EveryStorageMatchesTheReferenceOnRandomShapes) {
  check_all_storages(random_shard(300, 40, 0.3, false, 1), "tall real");
  check_all_storages(random_shard(300, 40, 0.3, true, 2), "tall 0/1");
  check_all_storages(random_shard(37, 500, 0.02, false, 3), "wide sparse real");  // rows not a multiple of 8
  check_all_storages(random_shard(20, 300, 0.6, true, 4), "wide dense 0/1");
  check_all_storages(random_shard(9, 3, 0.0, true, 5), "bias column only");
  check_all_storages(random_shard(64, 30, 0.25, true, 6, 0.18257), "common value 0.18257");
  check_all_storages(random_shard(64, 30, 0.25, true, 8, -3.0), "common value -3");
  check_all_storages(one_hot_shard(500, 12, 6, 9), "one-hot");
  check_all_storages(one_hot_shard(13, 40, 3, 10), "one-hot, few rows");
}

TEST(ShardKernels, EveryStorageMatchesTheReferenceOnTheLibsvmShards) {
  const std::filesystem::path dir = std::filesystem::path(MARINA_TEST_DATA_DIR) / ".." / ".." / ".." / "shared" / "datasets";
  int found = 0;
  for (const char* name : {"mushrooms", "a9a", "w8a", "phishing"}) {
    const auto path = dir / name;
    if (!std::filesystem::exists(path)) continue;
    ++found;
    const auto shards = shard(with_bias_column(read_libsvm(path.string())), 5, SplitMode::contiguous, 1);
    check_all_storages(shards[0], name);
  }
  if (found == 0) GTEST_SKIP() << "no LIBSVM data set in " << dir;
}

TEST(ShardKernels, RowDotAndMultiplyAgreeBitForBit) {
  // A minibatch of all rows computes the same margins as the full pass.
  const Dataset real = random_shard(45, 50, 0.3, false, 11);
  const Dataset binary = random_shard(45, 50, 0.3, true, 11);
  const Dataset one_hot = one_hot_shard(203, 15, 5, 12);
  for (const Dataset* d : {&real, &binary, &one_hot})
    for (ShardStorage s : kAllStorages) {
      if (needs_column_constant(s) && d == &real) continue;
      const ShardMatrix a(d->features, s);
      Vec xp;
      a.prepare(Vec::LinSpaced(d->dim(), -1, 1), xp);
      std::vector<double> margins(static_cast<std::size_t>(d->samples()));
      a.multiply(xp, margins.data());
      for (Index r = 0; r < d->samples(); ++r)
        EXPECT_EQ(a.row_dot(r, xp), margins[static_cast<std::size_t>(r)]) << to_string(s) << " row " << r;
    }
}

TEST(ShardKernels, PatternStorageOnlyWhenEveryColumnHasOneValue) {
  Dataset d = random_shard(50, 20, 0.3, true, 12, 0.5);
  EXPECT_TRUE(shape_of(d.features).column_constant);
  EXPECT_NE(choose_storage(shape_of(d.features)), ShardStorage::csr);
  // Columns may differ from each other (the bias column is 1, the rest 0.5) ...
  // ... but one different value in one column rules the pattern out.
  for (Index r = 0; r < d.samples(); ++r)
    if (d.features.coeff(r, 5) != 0.0) {
      d.features.coeffRef(r, 5) = 0.25;
      break;
    }
  EXPECT_FALSE(shape_of(d.features).column_constant);
  EXPECT_NE(choose_storage(shape_of(d.features)), ShardStorage::pattern_csr);
  EXPECT_NE(choose_storage(shape_of(d.features)), ShardStorage::pattern_groups);
  EXPECT_THROW(ShardMatrix(d.features, ShardStorage::pattern_csr), std::invalid_argument);
  EXPECT_THROW(ShardMatrix(d.features, ShardStorage::pattern_groups), std::invalid_argument);
}

TEST(ShardKernels, ChoiceRuleFollowsTheMeasuredCosts) {
  // Per entry (docs/performance.md): pattern 0.38 ns, values 0.68 ns, dense 0.21 ns per padded
  // entry. Dense pays from ~55% density for 0/1 data and from ~31% for real values.
  auto shape = [](Index rows, Index cols, double density, bool constant) {
    return ShardShape{rows, cols, static_cast<Index>(density * static_cast<double>(rows * cols)), constant};
  };
  EXPECT_EQ(choose_storage(shape(1624, 113, 0.195, true)), ShardStorage::pattern_csr);  // mushrooms
  EXPECT_EQ(choose_storage(shape(6512, 124, 0.118, true)), ShardStorage::pattern_csr);  // a9a
  EXPECT_EQ(choose_storage(shape(9949, 301, 0.042, true)), ShardStorage::pattern_csr);  // w8a
  EXPECT_EQ(choose_storage(shape(2211, 69, 0.449, true)), ShardStorage::pattern_csr);   // phishing
  EXPECT_EQ(choose_storage(shape(2000, 72, 0.50, true)), ShardStorage::pattern_csr);
  EXPECT_EQ(choose_storage(shape(2000, 72, 0.60, true)), ShardStorage::dense);
  EXPECT_EQ(choose_storage(shape(2000, 72, 0.40, false)), ShardStorage::dense);
  EXPECT_EQ(choose_storage(shape(2000, 72, 0.25, false)), ShardStorage::csr);
  EXPECT_EQ(choose_storage(shape(2000, 72, 0.25, true)), ShardStorage::pattern_csr);
  // With the co-coding's counts (column_groups.hpp): a code looked up costs 0.46 ns, a node
  // 3 codes. The first mushrooms shard: 3,248 codes and 1,006 nodes against 35,728 entries;
  // a shard whose rows share no pattern has as many codes as entries and gains nothing.
  auto grouped = [&](Index rows, Index cols, double density, Index lookups, Index nodes) {
    ShardShape s = shape(rows, cols, density, true);
    s.group_lookups = lookups;
    s.group_nodes = nodes;
    return choose_storage(s);
  };
  EXPECT_EQ(grouped(1624, 113, 0.195, 3248, 1006), ShardStorage::pattern_groups);  // mushrooms
  EXPECT_EQ(grouped(2211, 69, 0.449, 11028, 2946), ShardStorage::pattern_groups);  // phishing
  // w8a's shard: 79,778 codes and 3,674 nodes against 129,814 entries, measured 56 µs grouped
  // against 66 µs as pattern_csr; the synthetic tall_sparse_01 (independent entries, 91,256
  // codes, 7,701 nodes, 129,608 entries) measured 75 against 70: there pattern_csr stays.
  EXPECT_EQ(grouped(9949, 301, 0.042, 79778, 3674), ShardStorage::pattern_groups);
  EXPECT_EQ(grouped(10000, 300, 0.043, 91256, 7701), ShardStorage::pattern_csr);
  EXPECT_EQ(grouped(2000, 120, 0.05, 12000, 12000), ShardStorage::pattern_csr);
  // Dense 0/1 rows: few codes when the rows repeat, dense when they never do.
  EXPECT_EQ(grouped(2000, 72, 0.50, 2000, 72), ShardStorage::pattern_groups);
  EXPECT_EQ(grouped(2000, 72, 0.60, 43200, 43200), ShardStorage::dense);
}

TEST(ShardKernels, ObjectivesPickTheRuleStorage) {
  const Dataset sparse01 = random_shard(200, 100, 0.05, true, 13);
  const Dataset dense_real = random_shard(200, 40, 0.9, false, 14);
  EXPECT_EQ(NonconvexLogistic(sparse01, 0.0).storage(), ShardStorage::pattern_csr);
  EXPECT_EQ(NonconvexLogistic(dense_real, 0.0).storage(), ShardStorage::dense);
  EXPECT_EQ(NonconvexLogistic(random_shard(200, 100, 0.05, false, 15), 0.0).storage(), ShardStorage::csr);
  // Categorical rows repeat their patterns: codes pay; independent random entries do not.
  EXPECT_EQ(NonconvexLogistic(one_hot_shard(5000, 20, 5, 16), 0.0).storage(), ShardStorage::pattern_groups);
  // ... but not among a few rows, where finding the groups costs more than they save.
  EXPECT_EQ(shape_of(one_hot_shard(63, 20, 5, 17).features).group_lookups, -1);
  EXPECT_NE(NonconvexLogistic(one_hot_shard(63, 20, 5, 17), 0.0).storage(), ShardStorage::pattern_groups);
}

TEST(ShardKernels, ExpMatchesStdExpToAnUlp) {
  double worst = 0;
  for (double z = -745.0; z <= 0.0; z += 0.01237) {
    const double got = kernels::exp_nonpositive(z);
    const double want = std::exp(std::max(z, -700.0));
    worst = std::max(worst, std::fabs(got - want) / want);
  }
  EXPECT_LE(worst, 2.3e-16);  // about one ulp (2^-52 = 2.2e-16)
  EXPECT_EQ(kernels::exp_nonpositive(0.0), 1.0);
}

// Every instruction-set variant this machine runs gives the same bits as the scalar code.
TEST(ShardKernels, InstructionSetVariantsGiveIdenticalBits) {
  std::mt19937_64 gen(3);
  std::uniform_real_distribution<double> u(-40.0, 40.0);
  const Index n = 1024;
  std::vector<double> margins(n), labels(n), scalar(n);
  for (Index j = 0; j < n; ++j) {
    margins[j] = j % 97 == 0 ? (j % 2 ? 800.0 : -800.0) : u(gen);
    labels[j] = j % 3 ? 1.0 : -1.0;
    scalar[j] = kernels::sample_weight(margins[j], labels[j], 1.0 / 7.0);
  }
  margins[5] = 0.0;
  margins[6] = -0.0;
  scalar[5] = kernels::sample_weight(margins[5], labels[5], 1.0 / 7.0);
  scalar[6] = kernels::sample_weight(margins[6], labels[6], 1.0 / 7.0);
  const Index rows = 37, stride = 24;
  std::vector<double> a(rows * stride), x(stride), w(rows);
  for (auto& v : a) v = u(gen);
  for (auto& v : x) v = u(gen);
  for (auto& v : w) v = u(gen);
  std::vector<double> m0(rows), t0(stride);
  kernels::dense_margins(kernels::Isa::baseline, a.data(), rows, stride, x.data(), m0.data());
  kernels::dense_transpose(kernels::Isa::baseline, a.data(), rows, stride, w.data(), t0.data());
  EXPECT_GE(kernels::supported_isas().size(), 1u);
  for (kernels::Isa isa : kernels::supported_isas()) {
    std::vector<double> weights(n), m(rows), t(stride);
    kernels::sample_weights(isa, margins.data(), labels.data(), 1.0 / 7.0, weights.data(), n);
    EXPECT_EQ(std::memcmp(weights.data(), scalar.data(), n * sizeof(double)), 0) << kernels::to_string(isa);
    kernels::dense_margins(isa, a.data(), rows, stride, x.data(), m.data());
    kernels::dense_transpose(isa, a.data(), rows, stride, w.data(), t.data());
    EXPECT_EQ(std::memcmp(m.data(), m0.data(), rows * sizeof(double)), 0) << kernels::to_string(isa);
    EXPECT_EQ(std::memcmp(t.data(), t0.data(), stride * sizeof(double)), 0) << kernels::to_string(isa);
  }
  // The dense margins are the fixed 8-lane sum: lane l sums columns l, l+8, ..., combined as
  // ((l0 + l4) + (l2 + l6)) + ((l1 + l5) + (l3 + l7)).
  for (Index r = 0; r < rows; ++r) {
    double lane[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    for (Index c = 0; c < stride; ++c) lane[c % 8] += a[r * stride + c] * x[c];
    EXPECT_EQ(m0[r], ((lane[0] + lane[4]) + (lane[2] + lane[6])) + ((lane[1] + lane[5]) + (lane[3] + lane[7])));
  }
}

}  // namespace
}  // namespace marina

// Shared numeric vocabulary of the methods library (no SimGrid below methods/).
#pragma once

#include <Eigen/Core>
#include <Eigen/SparseCore>
#include <boost/random/mersenne_twister.hpp>

namespace marina {

using Vec = Eigen::VectorXd;
using Index = Eigen::Index;
// Samples are rows: one pass over a row-major matrix touches each nonzero once, which is
// what a gradient costs (paper-notes §5.1).
using SparseRows = Eigen::SparseMatrix<double, Eigen::RowMajor>;
// Boost's engine and distributions give the same stream on every platform, unlike std::.
using Rng = boost::random::mt19937_64;

}  // namespace marina

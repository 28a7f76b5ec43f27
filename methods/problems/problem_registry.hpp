// What every problem (the local loss f_i, built from a worker's shard: a linear model or a
// neural network) declares about itself, and the registry that holds the declarations: the
// problem's file pair fills a ProblemDescription in describe_<name>(), problem_catalog.cpp
// lists the built-in ones, register_problem() adds more. The simulator learns names, keys and
// the kind of data each needs from here (docs/extending.md).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "methods/common/key_readers.hpp"
#include "methods/common/key_spec.hpp"
#include "methods/data/dataset.hpp"
#include "methods/data/image_set.hpp"
#include "methods/problems/objective.hpp"

namespace marina {

// The data a problem trains on.
enum class DataKind {
  rows,    // sparse feature rows with labels +-1 (LIBSVM files, synthetic data)
  images,  // labelled images (IDX, CIFAR files, generated images)
};

// The shards of one kind (the other is empty), the test set when the scenario asks for one,
// and the run's seed (a network's initial point is drawn from it).
struct ProblemData {
  std::vector<Dataset> rows;
  std::vector<ImageSet> images;
  std::optional<ImageSet> test_images;
  std::uint64_t seed = 0;
};

struct ProblemInstance {
  std::vector<std::shared_ptr<const Objective>> locals;  // f_i, one per shard
  double lambda = 0.0;                                   // the l2 weight it resolved (0: none)
  Vec x0;                                                // the starting point
  // Fraction of the test set classified right at x; empty when there is no test set.
  std::function<double(const Vec&)> test_accuracy;
};

// The values of the problem keys the problem reads (ProblemDescription::reads), by key.
using KeyValues = std::map<std::string, ScenarioValue>;

// Builds the local losses from the shards; throws InputError naming the problem's data or keys.
using ProblemFactory = std::function<ProblemInstance(ProblemData data, const KeyValues& keys)>;

struct ProblemDescription {
  std::string name;     // problem.model
  std::string summary;  // one line: the loss, with its paper-notes section
  DataKind data = DataKind::rows;
  // Whether the smoothness constants L_i are known (a network has none): the "theory" values
  // that need L are refused when they are not (docs/neural.md).
  bool smoothness_known = true;
  std::vector<KeyUse> reads;  // problem keys (problem_keys.cpp)
  ProblemFactory make;
};

const std::vector<ProblemDescription>& registered_problems();
// Adds a problem; its name must be new. Register before the first scenario is read.
void register_problem(ProblemDescription description);
const ProblemDescription* find_problem(const std::string& name);  // nullptr if unknown
bool problem_reads(const ProblemDescription& problem, const std::string& key);
std::vector<KeyReader> problem_readers(const std::string& key);  // in registration order

// Schema rows of the problem table: problem.model (choices: the registered names), then the
// keys problems read.
std::vector<KeySpec> problem_key_rows();
// The rules for problem keys only some problems read, in the order checks apply them.
const std::vector<SelectiveKeyRule>& problem_key_rules();

std::vector<ProblemDescription> builtin_problems();  // problem_catalog.cpp

}  // namespace marina

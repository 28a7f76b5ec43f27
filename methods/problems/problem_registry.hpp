// What every problem (the local loss f_i, built from a worker's shard) declares about itself,
// and the registry that holds the declarations: the problem's file pair fills a
// ProblemDescription in describe_<name>(), problem_catalog.cpp lists the built-in ones,
// register_problem() adds more. The simulator learns names and keys from here
// (docs/extending.md).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "methods/common/key_readers.hpp"
#include "methods/common/key_spec.hpp"
#include "methods/data/dataset.hpp"
#include "methods/problems/objective.hpp"

namespace marina {

struct ProblemInstance {
  std::vector<std::shared_ptr<const Objective>> locals;  // f_i, one per shard
  double lambda = 0.0;                                   // the l2 weight it resolved
};

// Builds the local losses from the shards; `lambda` is problem.lambda as the scenario gives it.
using ProblemFactory = std::function<ProblemInstance(std::vector<Dataset> shards, const Param& lambda)>;

struct ProblemDescription {
  std::string name;     // problem.name
  std::string summary;  // one line: the loss, with its paper-notes section
  std::vector<KeyUse> reads;
  ProblemFactory make;
};

const std::vector<ProblemDescription>& registered_problems();
// Adds a problem; its name must be new. Register before the first scenario is read.
void register_problem(ProblemDescription description);
const ProblemDescription* find_problem(const std::string& name);  // nullptr if unknown

// Schema rows of the problem table: problem.name (choices: the registered names), then its
// parameters.
std::vector<KeySpec> problem_key_rows();

std::vector<ProblemDescription> builtin_problems();  // problem_catalog.cpp

}  // namespace marina

// The networks as problems (issue 18): mlp, lenet5 and resnet18 registered like any other
// problem. Each builds one NeuralObjective per shard of images and the starting point from
// problem.init; the methods see the usual Objective and a flat vector x (docs/neural.md).
#pragma once

#include "methods/problems/problem_registry.hpp"

namespace marina {

ProblemDescription describe_mlp();
ProblemDescription describe_lenet5();
ProblemDescription describe_resnet18();

}  // namespace marina

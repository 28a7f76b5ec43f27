// Turns a validated scenario into the objects of a run: data, shards, local objectives,
// compressor, wire format, the method (by name, through the methods library's factory)
// and the network setup. Range checks that need the data (k <= d, workers <= samples)
// are reported against the scenario key that caused them.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "methods/algorithms/method_context.hpp"
#include "methods/algorithms/protocol.hpp"
#include "methods/compressors/compressor.hpp"
#include "methods/problems/distributed_objective.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/engine/simulation.hpp"

namespace marina {

struct Experiment {
  std::shared_ptr<DistributedObjective> objective;
  std::unique_ptr<Compressor> compressor;
  WireFormat wire;
  MethodInstance method;
  double lambda = 0.0;
  std::string data_origin;          // resolved file or generator description
  Index total_samples = 0;          // rows of the data set before sharding
  std::vector<Index> shard_samples;  // rows per worker
  Vec x0;                            // the starting point (0, or a network's initialisation)
  bool smoothness_known = true;      // false for networks: no "theory" step size
  // Fraction of the test set classified right at x; empty without a test set (data.test).
  std::function<double(const Vec&)> test_accuracy;
};

Experiment build_experiment(const Scenario& scenario);

// The pieces of build_experiment, for commands that build several methods on one problem.
Experiment build_problem(const Scenario& scenario);  // everything but the method
MethodSpec read_method_spec(const Scenario& scenario);
MethodInstance build_method(const Scenario& scenario, const Experiment& problem, const MethodSpec& spec);

// platform.file resolved against the scenario's directory (absolute paths kept).
std::string resolve_platform_path(const Scenario& scenario);
NetworkSetup build_network_setup(const Scenario& scenario, std::vector<std::string> simgrid_args);

// Flops of the costliest full local gradient, for the default round timeout under faults.
double largest_gradient_flops(const DistributedObjective& objective);

}  // namespace marina

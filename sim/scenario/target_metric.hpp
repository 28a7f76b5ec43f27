// run.target_metric: what accuracy targets are measured on. The paper states its results for
// ||grad f(x)||^2, but its figures plot what its authors' code computes, the mean of the local
// squared gradient norms (1/n) sum_i ||grad f_i(x)||^2, under the label ||grad f(x)||^2
// (paper-notes §5.1); by Jensen's inequality it is never below ||grad f(x)||^2, so a relative
// target on it comes later. Targets, tables, advise and the figures follow the run's metric
// and name it.
#pragma once

#include <string>
#include <vector>

#include "methods/problems/distributed_objective.hpp"

namespace marina {

// loss: the training loss f(x) itself, the target a network's runs are read against (docs/neural.md).
enum class TargetMetric { grad_norm_sq, local_grad_norm_sq_mean, loss };

// The names a scenario, a sweep's [table] metrics and trace.csv's columns use.
const std::vector<std::string>& target_metric_names();
const char* metric_name(TargetMetric metric);
// std::invalid_argument for an unknown name.
TargetMetric parse_target_metric(const std::string& name);

// For figures and tables: "‖∇f(x)‖²", "(1/n) Σᵢ ‖∇fᵢ(x)‖²".
const char* metric_title(TargetMetric metric);
// For the terminal: "||grad f||^2", "mean_i ||grad f_i||^2".
const char* metric_ascii(TargetMetric metric);

double metric_value(const Evaluation& e, TargetMetric metric);

}  // namespace marina

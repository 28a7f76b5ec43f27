#include "sim/scenario/target_metric.hpp"

#include <stdexcept>

namespace marina {

const std::vector<std::string>& target_metric_names() {
  static const std::vector<std::string> names{"grad_norm_sq", "local_grad_norm_sq_mean", "loss"};
  return names;
}

const char* metric_name(TargetMetric metric) {
  switch (metric) {
    case TargetMetric::grad_norm_sq: return "grad_norm_sq";
    case TargetMetric::local_grad_norm_sq_mean: return "local_grad_norm_sq_mean";
    case TargetMetric::loss: return "loss";
  }
  return "?";
}

TargetMetric parse_target_metric(const std::string& name) {
  if (name == "grad_norm_sq") return TargetMetric::grad_norm_sq;
  if (name == "local_grad_norm_sq_mean") return TargetMetric::local_grad_norm_sq_mean;
  if (name == "loss") return TargetMetric::loss;
  throw std::invalid_argument("unknown metric '" + name + "' (expected grad_norm_sq, local_grad_norm_sq_mean or loss)");
}

const char* metric_title(TargetMetric metric) {
  switch (metric) {
    case TargetMetric::grad_norm_sq: return "‖∇f(x)‖²";
    case TargetMetric::local_grad_norm_sq_mean: return "(1/n) Σᵢ ‖∇fᵢ(x)‖²";
    case TargetMetric::loss: return "train loss f(x)";
  }
  return "?";
}

const char* metric_ascii(TargetMetric metric) {
  switch (metric) {
    case TargetMetric::grad_norm_sq: return "||grad f||^2";
    case TargetMetric::local_grad_norm_sq_mean: return "mean_i ||grad f_i||^2";
    case TargetMetric::loss: return "f(x)";
  }
  return "?";
}

double metric_value(const Evaluation& e, TargetMetric metric) {
  switch (metric) {
    case TargetMetric::grad_norm_sq: return e.grad_norm_sq;
    case TargetMetric::local_grad_norm_sq_mean: return e.local_grad_norm_sq_mean;
    case TargetMetric::loss: return e.loss;
  }
  return e.grad_norm_sq;
}

}  // namespace marina

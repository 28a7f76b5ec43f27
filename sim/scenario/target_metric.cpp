#include "sim/scenario/target_metric.hpp"

#include <stdexcept>

namespace marina {

const std::vector<std::string>& target_metric_names() {
  static const std::vector<std::string> names{"grad_norm_sq", "local_grad_norm_sq_mean"};
  return names;
}

const char* metric_name(TargetMetric metric) {
  return metric == TargetMetric::grad_norm_sq ? "grad_norm_sq" : "local_grad_norm_sq_mean";
}

TargetMetric parse_target_metric(const std::string& name) {
  if (name == "grad_norm_sq") return TargetMetric::grad_norm_sq;
  if (name == "local_grad_norm_sq_mean") return TargetMetric::local_grad_norm_sq_mean;
  throw std::invalid_argument("unknown metric '" + name + "' (expected grad_norm_sq or local_grad_norm_sq_mean)");
}

const char* metric_title(TargetMetric metric) {
  return metric == TargetMetric::grad_norm_sq ? "‖∇f(x)‖²" : "(1/n) Σᵢ ‖∇fᵢ(x)‖²";
}

const char* metric_ascii(TargetMetric metric) {
  return metric == TargetMetric::grad_norm_sq ? "||grad f||^2" : "mean_i ||grad f_i||^2";
}

double metric_value(const Evaluation& e, TargetMetric metric) {
  return metric == TargetMetric::grad_norm_sq ? e.grad_norm_sq : e.local_grad_norm_sq_mean;
}

}  // namespace marina

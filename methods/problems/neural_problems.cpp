#include "methods/problems/neural_problems.hpp"

#include <cmath>
#include <stdexcept>

#include "methods/common/input_error.hpp"
#include "methods/common/rng.hpp"
#include "methods/problems/neural_objective.hpp"

namespace marina {
namespace {

// The paper keeps torchvision's 1000-way ImageNet head and lets CIFAR-100's labels index its
// first 100 logits (paper-notes §5.2).
constexpr int kResNetHead = 1000;

std::vector<int> hidden_widths(const KeyValues& keys) {
  std::vector<int> widths;
  for (const double w : std::get<std::vector<double>>(keys.at("problem.layers"))) {
    if (w != std::floor(w) || w > 1e8)
      throw InputError("", "problem.layers holds " + std::to_string(w) + " (expected whole widths >= 1)");
    widths.push_back(static_cast<int>(w));
  }
  return widths;
}

ModelSpec model_for(ModelKind kind, const ImageSet& images, const KeyValues& keys) {
  ModelSpec spec;
  spec.kind = kind;
  spec.channels = images.channels;
  spec.height = images.height;
  spec.width = images.width;
  const auto classes = std::get<std::int64_t>(keys.at("problem.classes"));
  spec.classes = classes > 0 ? static_cast<int>(classes) : kind == ModelKind::resnet18 ? kResNetHead : images.classes;
  if (kind == ModelKind::mlp) spec.hidden = hidden_widths(keys);
  try {
    check_model_spec(spec);
  } catch (const std::invalid_argument& e) {
    throw InputError("", std::string("problem.model = \"") + model_name(kind) + "\": " + e.what());
  }
  return spec;
}

ProblemInstance make_network(ModelKind kind, ProblemData data, const KeyValues& keys) {
  const ModelSpec spec = model_for(kind, data.images.front(), keys);
  NeuralOptions options;
  options.micro_batch = static_cast<int>(std::get<std::int64_t>(keys.at("problem.micro_batch")));
  ProblemInstance out;
  std::shared_ptr<const NeuralObjective> first;
  for (ImageSet& shard : data.images) {
    auto local = std::make_shared<const NeuralObjective>(std::move(shard), spec, options);
    if (!first) first = local;
    out.locals.push_back(local);
  }
  const NeuralInit init = std::get<std::string>(keys.at("problem.init")) == "paper" ? NeuralInit::paper
                                                                                      : NeuralInit::standard;
  out.x0 = first->initial_point(init, stream_seed(data.seed, StreamRole::model_init, 0));
  if (data.test_images) {
    check_images_fit(*data.test_images, spec);
    auto test = std::make_shared<const ImageSet>(std::move(*data.test_images));
    out.test_accuracy = [first, test](const Vec& x) { return first->accuracy(x, *test); };
  }
  return out;
}

ProblemDescription network(ModelKind kind, std::string summary, std::vector<KeyUse> extra_reads = {}) {
  ProblemDescription p;
  p.name = model_name(kind);
  p.summary = std::move(summary);
  p.data = DataKind::images;
  p.smoothness_known = false;
  p.reads = {{"problem.init", ""}, {"problem.classes", ""}, {"problem.micro_batch", ""}};
  p.reads.insert(p.reads.end(), extra_reads.begin(), extra_reads.end());
  p.make = [kind](ProblemData data, const KeyValues& keys) { return make_network(kind, std::move(data), keys); };
  return p;
}

}  // namespace

ProblemDescription describe_mlp() {
  return network(ModelKind::mlp, "a multilayer perceptron with ReLU (hidden widths from problem.layers), mean cross-entropy",
                 {{"problem.layers", ""}});
}

ProblemDescription describe_lenet5() {
  return network(ModelKind::lenet5, "LeNet-5 (ReLU, max pooling) on 28x28 or 32x32 images, mean cross-entropy");
}

ProblemDescription describe_resnet18() {
  return network(ModelKind::resnet18,
                 "torchvision's ResNet-18 with the 1000-way head, batch statistics, mean cross-entropy (paper-notes §5.2)");
}

}  // namespace marina

// A neural network behind a flat parameter vector (issue 18). This header includes no torch
// header: the network lives in methods/problems/torch_models.cpp, the one translation unit
// that includes <torch/torch.h> (each one costs ~25 s to compile), built as a module that
// is loaded the first time a model is built (neural_backend.hpp says why).
//
// The flat vector x holds the module's parameters in torch's parameters() order (for
// resnet18 the order of torchvision's state_dict without the BatchNorm buffers), each
// tensor row-major. Computation is float32 (double for tests), x and gradients are double.
//
// Decisions that make results byte-identical whatever the thread count or evaluation order:
//  - torch's intra-op threads are 1 on the thread that computes (worker steps already run in
//    parallel on the thread pool, one model per worker);
//  - every forward and backward pass runs on the model's own DedicatedThread with a 64 MiB
//    stack, never on the caller's stack (which may be a small SimGrid actor stack);
//  - BatchNorm always normalises with the statistics of the micro-batch at hand, as in the
//    paper's code in train mode; it keeps no running statistics (track_running_stats off),
//    so no pass leaves state behind that a later one could see. Test accuracy uses batch
//    statistics too. (The authors evaluated loss and accuracy in eval mode with running
//    statistics, which depend on the history of training forwards; with their all-zero
//    initialisation every BatchNorm weight stays 0 and the two agree.)
//  - a set of rows is processed in micro-batches of `micro_batch` consecutive rows (the
//    paper's technical micro-batch, 128): loss and gradient are sum over micro-batches of
//    (sum of per-sample cross-entropies) / (number of rows), accumulated in a fixed order.
//    For BatchNorm models the micro-batch is part of the definition of f (its statistics);
//    for the others it only bounds memory.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "methods/common/types.hpp"
#include "methods/data/image_set.hpp"
#include "methods/problems/neural_backend.hpp"
#include "methods/problems/neural_spec.hpp"

namespace marina {

class NeuralModel {
 public:
  // Throws std::invalid_argument for a spec check_model_spec refuses, std::runtime_error
  // when the torch module cannot be loaded (its path and dlerror()).
  explicit NeuralModel(const ModelSpec& spec, NeuralOptions options = {});
  ~NeuralModel();
  NeuralModel(const NeuralModel&) = delete;
  NeuralModel& operator=(const NeuralModel&) = delete;

  const ModelSpec& spec() const { return spec_; }
  Index dim() const { return dim_; }

  // x^0 (neural_spec.hpp, NeuralInit); `seed` seeds the Boost stream of `standard` as is
  // (callers pass stream_seed(scenario seed, StreamRole::model_init, 0)).
  Vec initial_point(NeuralInit init, std::uint64_t seed) const;
  // The module's parameters <-> x.
  void set_parameters(const Vec& x);
  Vec parameters() const;
  // Name (torch's dotted path, e.g. "layer1.0.conv1.weight") and size of each parameter
  // tensor, in the order x holds them.
  std::vector<std::pair<std::string, Index>> parameter_layout() const;

  // (1/|rows|) sum_{j in rows} CE(net(x; image_j), label_j), the mean cross-entropy, in
  // micro-batches (above). With `gradient`, also its gradient, written there (resized to d).
  // Rows must be valid images of `images`, whose shape must be the model's input and whose
  // labels must be below the model's classes (NeuralObjective checks both).
  double loss(const Vec& x, const ImageSet& images, std::span<const Index> rows, Vec* gradient);
  // How many of `rows` the model at x classifies right (arg max of the logits, all of them).
  Index correct(const Vec& x, const ImageSet& images, std::span<const Index> rows);

 private:
  ModelSpec spec_;
  std::unique_ptr<NeuralBackend> backend_;
  Index dim_ = 0;
};

// Where the torch module is loaded from: $MARINA_TORCH_MODULE when set, else the path the
// build wrote it to.
std::string torch_module_path();

}  // namespace marina

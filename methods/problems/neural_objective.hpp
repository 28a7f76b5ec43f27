// A worker's local loss f_i for a neural network (issue 18): the mean cross-entropy of a
// model over the worker's shard of images, seen by the methods through the Objective
// interface like any other loss (one flat parameter vector x, double).
#pragma once

#include <memory>
#include <vector>

#include "methods/data/image_set.hpp"
#include "methods/problems/neural_model.hpp"
#include "methods/problems/objective.hpp"

namespace marina {

class NeuralObjective final : public Objective {
 public:
  // Throws InputError(shard.origin, ...) when the images do not fit the model (their
  // channels x height x width differ from its input) or a label is beyond the model's
  // classes (naming the image), and std::invalid_argument for a spec check_model_spec
  // refuses.
  NeuralObjective(ImageSet shard, const ModelSpec& spec, NeuralOptions options = {});

  Index dim() const override { return model_->dim(); }
  Index samples() const override { return shard_.count; }
  // f_i(x) = (1/m) sum_j CE(net(x; a_j), y_j) over the shard, in the model's micro-batches.
  double value(const Vec& x) const override;
  void gradient(const Vec& x, Vec& out) const override;
  double value_and_gradient(const Vec& x, Vec& out) const override;
  void minibatch_gradient(const Vec& x, std::span<const Index> rows, Vec& out) const override;
  // A network has no known smoothness constant L: quiet NaN, so that anything computed
  // from it is visibly not a number. Callers refuse the "theory" values that need L for
  // these problems (issue 18) rather than use this.
  double smoothness() const override;
  // One oracle call per sample, flops_per_sample(spec) each (forward + backward).
  Work gradient_work() const override;
  Work minibatch_work(std::span<const Index> rows) const override;

  // Fraction of `test` the model at x classifies right (issue 18: test accuracy in the trace).
  double accuracy(const Vec& x, const ImageSet& test) const;
  Vec initial_point(NeuralInit init, std::uint64_t seed) const { return model_->initial_point(init, seed); }
  const ModelSpec& spec() const { return model_->spec(); }
  const ImageSet& shard() const { return shard_; }

 private:
  ImageSet shard_;
  std::unique_ptr<NeuralModel> model_;  // state of the passes; one model per objective
  std::vector<Index> all_rows_;         // 0 .. m-1, the full-gradient pass
  double flops_per_sample_;
};

// Throws InputError(images.origin, ...) unless the images fit the model (see above).
void check_images_fit(const ImageSet& images, const ModelSpec& spec);

}  // namespace marina

#include "methods/problems/neural_objective.hpp"

#include <limits>
#include <numeric>

#include "methods/common/input_error.hpp"

namespace marina {

void check_images_fit(const ImageSet& images, const ModelSpec& spec) {
  const auto shape = [](int c, int h, int w) {
    return std::to_string(c) + "x" + std::to_string(h) + "x" + std::to_string(w);
  };
  if (images.channels != spec.channels || images.height != spec.height || images.width != spec.width)
    throw InputError(images.origin, "images are " + shape(images.channels, images.height, images.width) + ", " +
                                        model_name(spec.kind) + " was built for " +
                                        shape(spec.channels, spec.height, spec.width));
  for (std::size_t j = 0; j < images.labels.size(); ++j)
    if (images.labels[j] < 0 || images.labels[j] >= spec.classes)
      throw InputError(images.origin, "label " + std::to_string(images.labels[j]) + " of image " + std::to_string(j) +
                                          " is beyond the model's " + std::to_string(spec.classes) + " classes");
}

NeuralObjective::NeuralObjective(ImageSet shard, const ModelSpec& spec, NeuralOptions options)
    : shard_(std::move(shard)), flops_per_sample_(flops_per_sample(spec)) {
  check_images_fit(shard_, spec);
  if (shard_.count < 1) throw InputError(shard_.origin, "a worker's shard holds no image");
  model_ = std::make_unique<NeuralModel>(spec, options);
  all_rows_.resize(static_cast<std::size_t>(shard_.count));
  std::iota(all_rows_.begin(), all_rows_.end(), Index{0});
}

double NeuralObjective::value(const Vec& x) const { return model_->loss(x, shard_, all_rows_, nullptr); }

void NeuralObjective::gradient(const Vec& x, Vec& out) const { model_->loss(x, shard_, all_rows_, &out); }

double NeuralObjective::value_and_gradient(const Vec& x, Vec& out) const {
  return model_->loss(x, shard_, all_rows_, &out);
}

void NeuralObjective::minibatch_gradient(const Vec& x, std::span<const Index> rows, Vec& out) const {
  model_->loss(x, shard_, rows, &out);
}

double NeuralObjective::smoothness() const { return std::numeric_limits<double>::quiet_NaN(); }

Work NeuralObjective::gradient_work() const {
  return Work{shard_.count, flops_per_sample_ * static_cast<double>(shard_.count)};
}

Work NeuralObjective::minibatch_work(std::span<const Index> rows) const {
  const auto n = static_cast<std::int64_t>(rows.size());
  return Work{n, flops_per_sample_ * static_cast<double>(n)};
}

double NeuralObjective::accuracy(const Vec& x, const ImageSet& test) const {
  check_images_fit(test, model_->spec());
  std::vector<Index> rows(static_cast<std::size_t>(test.count));
  std::iota(rows.begin(), rows.end(), Index{0});
  return static_cast<double>(model_->correct(x, test, rows)) / static_cast<double>(test.count);
}

}  // namespace marina

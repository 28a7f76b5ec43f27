// Which neural network a problem trains (issue 18), and what it costs, without torch: the
// layer-by-layer parameter and FLOP counts below need no torch header, so anything may
// include this file.
//
// The models (docs/neural-draft.md has the tables):
//   mlp       input C*H*W -> hidden widths (ReLU after each) -> classes
//   lenet5    LeNet-5 for 1x28x28 or 3x32x32 (any channel count at those sizes):
//             conv 6@5x5 (padding 2 for 28x28, none for 32x32) - ReLU - max-pool 2x2/2
//             conv 16@5x5 - ReLU - max-pool 2x2/2 - flatten 400 - linear 120 - ReLU
//             - linear 84 - ReLU - linear classes. (LeCun et al. 1998 used scaled tanh
//             and trainable sub-sampling; this is the form every PyTorch tutorial trains,
//             with the same 61,706 parameters for 10 classes.)
//   resnet18  torchvision's resnet18 layout: conv 64@7x7/2 pad 3 (no bias) - BN - ReLU
//             - max-pool 3x3/2 pad 1 - 4 stages of 2 BasicBlocks (64, 128, 256, 512
//             channels; stages 2-4 start with stride 2 and a 1x1/2 conv + BN shortcut)
//             - global average pool - linear 512 -> classes. With 3 channels and the
//             1000-way head the paper keeps (paper-notes §5.2) d = 11,689,512.
#pragma once

#include <string>
#include <vector>

#include "methods/common/types.hpp"

namespace marina {

enum class ModelKind { mlp, lenet5, resnet18 };

struct ModelSpec {
  ModelKind kind = ModelKind::mlp;
  int channels = 1;  // input images: channels x height x width
  int height = 28;
  int width = 28;
  int classes = 10;         // logits; labels must lie below (resnet18 in the paper: 1000)
  std::vector<int> hidden;  // mlp only: hidden layer widths, may be empty (softmax regression)
};

// Initial point x^0 (NeuralModel::initial_point).
enum class NeuralInit {
  // What the authors' code does (paper-notes §5.2, utils.setupAllParamsRandomly): every
  // parameter 0. Then every hidden activation is 0 and stays 0: the gradient of each weight
  // is (upstream gradient) x (its input) and the upstream gradient of every layer below
  // the head passes through the head's weights, both 0, and ReLU'(0) = 0 in torch. Only
  // the head's bias ever moves: training fits the label frequencies (loss from log(classes)
  // down to the entropy of the shard's labels) and the accuracy stays that of the most
  // frequent class. Every method keeps x outside the head's bias exactly 0.
  paper,
  // torch's default layer initialisation (reset_parameters): linear and conv weights and
  // biases uniform in [-1/sqrt(fan_in), 1/sqrt(fan_in)] (kaiming_uniform with a = sqrt(5)),
  // BatchNorm weight 1 and bias 0; drawn from our own Boost.Random stream, so the same seed
  // gives the same x^0 on every machine.
  standard,
};

std::string model_name(ModelKind kind);  // "mlp", "lenet5", "resnet18"

// One layer's share of a model (per sample). FLOP conventions (docs/neural-draft.md):
//   conv / linear: MACs = C_in k^2 C_out H_out W_out (k = 1, H = W = 1 for linear);
//     forward 2 MACs (+ C_out H_out W_out for a bias); backward 2 MACs for the weight
//     gradient (+ C_out H_out W_out for the bias) and 2 MACs for the input gradient,
//     which the first layer does not compute (its input needs no gradient);
//   BatchNorm over E = C H W values: forward 5E (mean 1, variance 2, scale and shift 2),
//     backward 7E (the two sums 3, the input gradient 4);
//   ReLU: E forward, E backward;  max-pool k x k: k^2 per output forward, 1 backward;
//   global average pool: E forward, E backward;  residual add: E forward, E backward;
//   softmax cross-entropy over K logits: 4K forward, 2K backward.
struct LayerCost {
  std::string name;
  Index parameters = 0;
  double macs = 0.0;  // multiply-accumulates of the forward pass (conv and linear only)
  double forward_flops = 0.0;
  double backward_flops = 0.0;
};

// Throws std::invalid_argument when the model cannot take such input (lenet5 needs 28x28
// or 32x32; sizes and widths must be positive). Callers that read a scenario check first.
void check_model_spec(const ModelSpec& spec);
std::vector<LayerCost> layer_costs(const ModelSpec& spec);
Index parameter_count(const ModelSpec& spec);  // d
double flops_per_sample(const ModelSpec& spec);  // forward + backward, all layers

}  // namespace marina

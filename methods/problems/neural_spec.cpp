#include "methods/problems/neural_spec.hpp"

#include <stdexcept>

namespace marina {
namespace {

struct Shape {
  int c, h, w;
  double elements() const { return static_cast<double>(c) * h * w; }
};

int conv_out(int in, int k, int stride, int pad) { return (in + 2 * pad - k) / stride + 1; }

// Walks a model layer by layer and counts (neural_spec.hpp states each formula).
class CostCounter {
 public:
  Shape conv(const std::string& name, Shape in, int out_c, int k, int stride, int pad, bool bias) {
    const Shape out{out_c, conv_out(in.h, k, stride, pad), conv_out(in.w, k, stride, pad)};
    dense(name, static_cast<double>(in.c) * k * k, out, bias);
    return out;
  }
  void linear(const std::string& name, int in, int out, bool bias = true) { dense(name, in, Shape{out, 1, 1}, bias); }
  void batch_norm(const std::string& name, Shape s) {
    layers_.push_back({name, 2 * static_cast<Index>(s.c), 0.0, 5 * s.elements(), 7 * s.elements()});
  }
  void relu(const std::string& name, Shape s) { elementwise(name, s.elements(), 1, 1); }
  Shape max_pool(const std::string& name, Shape in, int k, int stride, int pad) {
    const Shape out{in.c, conv_out(in.h, k, stride, pad), conv_out(in.w, k, stride, pad)};
    layers_.push_back({name, 0, 0.0, static_cast<double>(k) * k * out.elements(), out.elements()});
    return out;
  }
  void global_average(const std::string& name, Shape in) { elementwise(name, in.elements(), 1, 1); }
  void residual_add(const std::string& name, Shape s) { elementwise(name, s.elements(), 1, 1); }
  void cross_entropy(int classes) { elementwise("cross_entropy", classes, 4, 2); }
  std::vector<LayerCost> take() { return std::move(layers_); }

 private:
  // conv and linear: fan_in = C_in k^2 inputs per output value.
  void dense(const std::string& name, double fan_in, Shape out, bool bias) {
    const double macs = fan_in * out.elements();
    const double bias_ops = bias ? out.elements() : 0.0;
    const bool first = layers_.empty();  // its input gradient is never computed
    layers_.push_back({name, static_cast<Index>(fan_in) * out.c + (bias ? out.c : 0), macs, 2 * macs + bias_ops,
                       2 * macs + bias_ops + (first ? 0.0 : 2 * macs)});
  }
  void elementwise(const std::string& name, double e, double forward, double backward) {
    layers_.push_back({name, 0, 0.0, forward * e, backward * e});
  }
  std::vector<LayerCost> layers_;
};

void count_mlp(const ModelSpec& s, CostCounter& c) {
  int in = s.channels * s.height * s.width;
  for (std::size_t l = 0; l < s.hidden.size(); ++l) {
    c.linear("fc" + std::to_string(l + 1), in, s.hidden[l]);
    c.relu("relu" + std::to_string(l + 1), Shape{s.hidden[l], 1, 1});
    in = s.hidden[l];
  }
  c.linear("fc" + std::to_string(s.hidden.size() + 1), in, s.classes);
}

void count_lenet5(const ModelSpec& s, CostCounter& c) {
  const int pad = s.height == 28 ? 2 : 0;
  Shape x = c.conv("conv1", Shape{s.channels, s.height, s.width}, 6, 5, 1, pad, true);
  c.relu("relu1", x);
  x = c.max_pool("pool1", x, 2, 2, 0);
  x = c.conv("conv2", x, 16, 5, 1, 0, true);
  c.relu("relu2", x);
  x = c.max_pool("pool2", x, 2, 2, 0);
  c.linear("fc1", static_cast<int>(x.elements()), 120);
  c.relu("relu3", Shape{120, 1, 1});
  c.linear("fc2", 120, 84);
  c.relu("relu4", Shape{84, 1, 1});
  c.linear("fc3", 84, s.classes);
}

// torchvision's BasicBlock: conv3x3/stride - BN - ReLU - conv3x3 - BN, plus the shortcut
// (1x1/stride conv + BN when the shape changes), added, then ReLU.
Shape basic_block(const std::string& name, Shape in, int out_c, int stride, CostCounter& c) {
  Shape x = c.conv(name + ".conv1", in, out_c, 3, stride, 1, false);
  c.batch_norm(name + ".bn1", x);
  c.relu(name + ".relu1", x);
  x = c.conv(name + ".conv2", x, out_c, 3, 1, 1, false);
  c.batch_norm(name + ".bn2", x);
  if (stride != 1 || in.c != out_c) {
    const Shape d = c.conv(name + ".downsample.0", in, out_c, 1, stride, 0, false);
    c.batch_norm(name + ".downsample.1", d);
  }
  c.residual_add(name + ".add", x);
  c.relu(name + ".relu2", x);
  return x;
}

void count_resnet18(const ModelSpec& s, CostCounter& c) {
  Shape x = c.conv("conv1", Shape{s.channels, s.height, s.width}, 64, 7, 2, 3, false);
  c.batch_norm("bn1", x);
  c.relu("relu", x);
  x = c.max_pool("maxpool", x, 3, 2, 1);
  const int widths[4] = {64, 128, 256, 512};
  for (int stage = 0; stage < 4; ++stage) {
    const std::string name = "layer" + std::to_string(stage + 1);
    x = basic_block(name + ".0", x, widths[stage], stage == 0 ? 1 : 2, c);
    x = basic_block(name + ".1", x, widths[stage], 1, c);
  }
  c.global_average("avgpool", x);
  c.linear("fc", 512, s.classes);
}

}  // namespace

std::string model_name(ModelKind kind) {
  switch (kind) {
    case ModelKind::mlp: return "mlp";
    case ModelKind::lenet5: return "lenet5";
    case ModelKind::resnet18: return "resnet18";
  }
  return "?";
}

void check_model_spec(const ModelSpec& s) {
  if (s.channels < 1 || s.height < 1 || s.width < 1 || s.classes < 1)
    throw std::invalid_argument("model input sizes and classes must be positive");
  for (int w : s.hidden)
    if (w < 1) throw std::invalid_argument("mlp hidden widths must be positive");
  if (s.kind == ModelKind::lenet5 && !((s.height == 28 && s.width == 28) || (s.height == 32 && s.width == 32)))
    throw std::invalid_argument("lenet5 takes 28x28 or 32x32 images, not " + std::to_string(s.height) + "x" +
                                std::to_string(s.width));
  if (s.kind == ModelKind::resnet18 && (s.height < 2 || s.width < 2))
    throw std::invalid_argument("resnet18 needs images of at least 2x2 pixels");
}

std::vector<LayerCost> layer_costs(const ModelSpec& spec) {
  check_model_spec(spec);
  CostCounter c;
  switch (spec.kind) {
    case ModelKind::mlp: count_mlp(spec, c); break;
    case ModelKind::lenet5: count_lenet5(spec, c); break;
    case ModelKind::resnet18: count_resnet18(spec, c); break;
  }
  c.cross_entropy(spec.classes);
  return c.take();
}

Index parameter_count(const ModelSpec& spec) {
  Index d = 0;
  for (const auto& l : layer_costs(spec)) d += l.parameters;
  return d;
}

double flops_per_sample(const ModelSpec& spec) {
  double total = 0.0;
  for (const auto& l : layer_costs(spec)) total += l.forward_flops + l.backward_flops;
  return total;
}

}  // namespace marina

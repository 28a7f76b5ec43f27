// The one translation unit that includes <torch/torch.h>, built as the loadable module
// libmarina_torch.so (neural_backend.hpp says why, neural_model.hpp what the decisions are).
// The three networks, their flat-vector view, loss and gradient.
#include <ATen/Parallel.h>
#include <torch/torch.h>

#include <algorithm>
#include <boost/random/uniform_real_distribution.hpp>
#include <cassert>
#include <cmath>
#include <mutex>
#include <stdexcept>

#include "methods/common/dedicated_thread.hpp"
#include "methods/problems/neural_backend.hpp"

namespace marina {
namespace {

namespace nn = torch::nn;
namespace F = torch::nn::functional;

// Measured with this build (b' = 256 gradients, the stack size varied): the MLP needs more
// than 16 KiB, LeNet-5 more than 32 KiB, all three models run with 48 KiB; 16 KiB (SimGrid's
// contexts/stack-size in the large-run settings) ends in SIGSEGV. 64 MiB of address space
// costs nothing until touched and leaves room for sanitizers and other torch versions.
constexpr std::size_t kComputeStack = std::size_t{64} << 20;

struct Net : nn::Module {
  virtual torch::Tensor forward(torch::Tensor x) = 0;
};

struct Mlp final : Net {
  std::vector<nn::Linear> layers;
  explicit Mlp(const ModelSpec& s) {
    int in = s.channels * s.height * s.width;
    std::vector<int> widths = s.hidden;
    widths.push_back(s.classes);
    for (std::size_t l = 0; l < widths.size(); ++l) {
      layers.push_back(register_module("fc" + std::to_string(l + 1), nn::Linear(in, widths[l])));
      in = widths[l];
    }
  }
  torch::Tensor forward(torch::Tensor x) override {
    x = x.flatten(1);
    for (std::size_t l = 0; l + 1 < layers.size(); ++l) x = torch::relu(layers[l]->forward(x));
    return layers.back()->forward(x);
  }
};

struct LeNet5 final : Net {
  nn::Conv2d conv1{nullptr}, conv2{nullptr};
  nn::Linear fc1{nullptr}, fc2{nullptr}, fc3{nullptr};
  explicit LeNet5(const ModelSpec& s) {
    // 28x28 input is padded to the 32x32 of the original design.
    conv1 = register_module("conv1", nn::Conv2d(nn::Conv2dOptions(s.channels, 6, 5).padding(s.height == 28 ? 2 : 0)));
    conv2 = register_module("conv2", nn::Conv2d(nn::Conv2dOptions(6, 16, 5)));
    fc1 = register_module("fc1", nn::Linear(16 * 5 * 5, 120));
    fc2 = register_module("fc2", nn::Linear(120, 84));
    fc3 = register_module("fc3", nn::Linear(84, s.classes));
  }
  torch::Tensor forward(torch::Tensor x) override {
    x = F::max_pool2d(torch::relu(conv1->forward(x)), F::MaxPool2dFuncOptions(2));
    x = F::max_pool2d(torch::relu(conv2->forward(x)), F::MaxPool2dFuncOptions(2));
    x = torch::relu(fc1->forward(x.flatten(1)));
    x = torch::relu(fc2->forward(x));
    return fc3->forward(x);
  }
};

nn::Conv2d conv_no_bias(int in, int out, int k, int stride, int pad) {
  return nn::Conv2d(nn::Conv2dOptions(in, out, k).stride(stride).padding(pad).bias(false));
}

// Batch statistics only, never running ones (neural_model.hpp).
nn::BatchNorm2d batch_norm(int channels) {
  return nn::BatchNorm2d(nn::BatchNorm2dOptions(channels).track_running_stats(false));
}

// torchvision's BasicBlock, with its parameter names.
struct BasicBlockImpl : nn::Module {
  nn::Conv2d conv1{nullptr}, conv2{nullptr};
  nn::BatchNorm2d bn1{nullptr}, bn2{nullptr};
  nn::Sequential downsample{nullptr};
  BasicBlockImpl(int in, int out, int stride) {
    conv1 = register_module("conv1", conv_no_bias(in, out, 3, stride, 1));
    bn1 = register_module("bn1", batch_norm(out));
    conv2 = register_module("conv2", conv_no_bias(out, out, 3, 1, 1));
    bn2 = register_module("bn2", batch_norm(out));
    if (stride != 1 || in != out)
      downsample = register_module("downsample", nn::Sequential(conv_no_bias(in, out, 1, stride, 0), batch_norm(out)));
  }
  torch::Tensor forward(torch::Tensor x) {
    // In place where torchvision's BasicBlock is (ReLU(inplace=True), out += identity).
    torch::Tensor y = bn1->forward(conv1->forward(x)).relu_();
    y = bn2->forward(conv2->forward(y));
    y += downsample ? downsample->forward(x) : x;
    return y.relu_();
  }
};
TORCH_MODULE(BasicBlock);

struct ResNet18 final : Net {
  nn::Conv2d conv1{nullptr};
  nn::BatchNorm2d bn1{nullptr};
  nn::Sequential layer1{nullptr}, layer2{nullptr}, layer3{nullptr}, layer4{nullptr};
  nn::Linear fc{nullptr};
  explicit ResNet18(const ModelSpec& s) {
    conv1 = register_module("conv1", conv_no_bias(s.channels, 64, 7, 2, 3));
    bn1 = register_module("bn1", batch_norm(64));
    layer1 = register_module("layer1", stage(64, 64, 1));
    layer2 = register_module("layer2", stage(64, 128, 2));
    layer3 = register_module("layer3", stage(128, 256, 2));
    layer4 = register_module("layer4", stage(256, 512, 2));
    fc = register_module("fc", nn::Linear(512, s.classes));
  }
  static nn::Sequential stage(int in, int out, int stride) {
    return nn::Sequential(BasicBlock(in, out, stride), BasicBlock(out, out, 1));
  }
  torch::Tensor forward(torch::Tensor x) override {
    x = bn1->forward(conv1->forward(x)).relu_();
    x = F::max_pool2d(x, F::MaxPool2dFuncOptions(3).stride(2).padding(1));
    x = layer4->forward(layer3->forward(layer2->forward(layer1->forward(x))));
    x = F::adaptive_avg_pool2d(x, F::AdaptiveAvgPool2dFuncOptions(1));
    return fc->forward(x.flatten(1));
  }
};

std::shared_ptr<Net> make_net(const ModelSpec& s) {
  switch (s.kind) {
    case ModelKind::mlp: return std::make_shared<Mlp>(s);
    case ModelKind::lenet5: return std::make_shared<LeNet5>(s);
    case ModelKind::resnet18: return std::make_shared<ResNet18>(s);
  }
  throw std::invalid_argument("unknown model");
}

// torch keeps its intra-op thread count per OpenMP thread; set it on every thread that
// computes (a compute thread is created per model). The global part of the setting is
// shared, hence the lock.
void use_one_intra_op_thread() {
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  at::set_num_threads(1);
}

// Every call runs on the model's own thread (neural_model.hpp): the caller's stack and
// thread never see torch.
class TorchModel final : public NeuralBackend {
 public:
  TorchModel(const ModelSpec& s, NeuralOptions o)
      : spec_(s), options_(o), dtype_(o.precision == NeuralPrecision::f64 ? torch::kFloat64 : torch::kFloat32) {
    thread_.run([this] {
      use_one_intra_op_thread();
      net_ = make_net(spec_);
      net_->to(dtype_);
      for (const auto& p : net_->named_parameters()) {
        params_.push_back(p.value());
        layout_.emplace_back(p.key(), p.value().numel());
        d_ += p.value().numel();
      }
    });
  }

  ~TorchModel() override {
    // Tensors are released on the thread that made them, before it stops.
    thread_.run([this] {
      params_.clear();
      net_.reset();
    });
  }

  Index dim() const override { return d_; }
  std::vector<std::pair<std::string, Index>> parameter_layout() const override { return layout_; }

  Vec initial_point(NeuralInit init, std::uint64_t seed) override {
    Vec x = Vec::Zero(d_);
    if (init == NeuralInit::standard) thread_.run([&] { x = standard_init(seed); });
    return x;
  }

  void set_parameters(const Vec& x) override {
    thread_.run([&] { load(x); });
  }

  Vec parameters() override {
    Vec x(d_);
    thread_.run([&] {
      Index offset = 0;
      for (const auto& p : params_) {
        const Index n = p.numel();
        torch::from_blob(x.data() + offset, {n}, torch::kFloat64).copy_(p.detach().reshape({-1}));
        offset += n;
      }
    });
    return x;
  }

  double loss(const Vec& x, const ImageSet& images, std::span<const Index> rows, Vec* gradient) override {
    double value = 0.0;
    thread_.run([&] { value = compute_loss(x, images, rows, gradient); });
    return value;
  }

  Index correct(const Vec& x, const ImageSet& images, std::span<const Index> rows) override {
    Index right = 0;
    thread_.run([&] {
      load(x);
      torch::NoGradGuard no_grad;
      for_micro_batches(images, rows, [&](const torch::Tensor& in, const torch::Tensor& labels) {
        right += net_->forward(in).argmax(1).eq(labels).sum().item<std::int64_t>();
      });
    });
    return right;
  }

 private:
  // x (double) into the module's parameters.
  void load(const Vec& x) {
    assert(x.size() == d_);
    torch::NoGradGuard no_grad;
    Index offset = 0;
    for (auto& p : params_) {
      const Index n = p.numel();
      p.view({-1}).copy_(torch::from_blob(const_cast<double*>(x.data() + offset), {n}, torch::kFloat64));
      offset += n;
    }
  }

  torch::Tensor images_tensor(const ImageSet& images, std::span<const Index> rows) const {
    const Index per = images.pixels_per_image();
    torch::Tensor t = torch::empty({static_cast<Index>(rows.size()), images.channels, images.height, images.width},
                                   torch::kFloat32);
    float* out = t.data_ptr<float>();
    for (std::size_t j = 0; j < rows.size(); ++j) {
      const std::uint8_t* in = images.image(rows[j]);
      for (Index k = 0; k < per; ++k) out[static_cast<Index>(j) * per + k] = pixel_value(in[k]);
    }
    return dtype_ == torch::kFloat32 ? t : t.to(dtype_);  // a float's exact value in double
  }

  static torch::Tensor labels_tensor(const ImageSet& images, std::span<const Index> rows) {
    torch::Tensor t = torch::empty({static_cast<Index>(rows.size())}, torch::kInt64);
    auto* out = t.data_ptr<std::int64_t>();
    for (std::size_t j = 0; j < rows.size(); ++j) out[j] = images.labels[static_cast<std::size_t>(rows[j])];
    return t;
  }

  // Calls f(images, labels) for each micro-batch of rows, in order.
  template <class F>
  void for_micro_batches(const ImageSet& images, std::span<const Index> rows, F f) const {
    const auto step = static_cast<std::size_t>(options_.micro_batch);
    for (std::size_t begin = 0; begin < rows.size(); begin += step) {
      const auto chunk = rows.subspan(begin, std::min(step, rows.size() - begin));
      f(images_tensor(images, chunk), labels_tensor(images, chunk));
    }
  }

  double compute_loss(const Vec& x, const ImageSet& images, std::span<const Index> rows, Vec* gradient) {
    assert(!rows.empty());
    load(x);
    for (auto& p : params_) p.mutable_grad() = torch::Tensor();
    torch::AutoGradMode grad_mode(gradient != nullptr);
    // (1/|rows|) * (sum of the micro-batch's cross-entropies), as the paper's code scales.
    const double scale = 1.0 / static_cast<double>(rows.size());
    double total = 0.0;
    for_micro_batches(images, rows, [&](const torch::Tensor& in, const torch::Tensor& labels) {
      const torch::Tensor logits = net_->forward(in);
      const torch::Tensor l =
          F::cross_entropy(logits, labels, F::CrossEntropyFuncOptions().reduction(torch::kSum)) * scale;
      if (gradient != nullptr) l.backward();
      total += l.item<double>();
    });
    if (gradient != nullptr) store_gradient(*gradient);
    // The float gradients are copied out: freed now rather than held until the next call
    // (47 MB per ResNet-18 worker).
    for (auto& p : params_) p.mutable_grad() = torch::Tensor();
    return total;
  }

  void store_gradient(Vec& out) {
    out.resize(d_);
    Index offset = 0;
    for (auto& p : params_) {
      const Index n = p.numel();
      const torch::Tensor& g = p.grad();
      if (g.defined()) {
        torch::from_blob(out.data() + offset, {n}, torch::kFloat64).copy_(g.reshape({-1}));
      } else {
        out.segment(offset, n).setZero();  // a parameter the loss does not reach
      }
      offset += n;
    }
  }

  // torch's reset_parameters() distributions, drawn from a Boost stream in x's order.
  Vec standard_init(std::uint64_t seed) const {
    Rng rng(seed);
    Vec x(d_);
    Index offset = 0;
    for (const auto& m : net_->modules(/*include_self=*/true)) {
      const auto direct = m->named_parameters(/*recurse=*/false);
      if (direct.is_empty()) continue;
      const bool norm = dynamic_cast<const nn::BatchNorm2dImpl*>(m.get()) != nullptr;
      const torch::Tensor& w = direct["weight"];
      const double bound = 1.0 / std::sqrt(static_cast<double>(w.numel() / w.size(0)));  // 1/sqrt(fan_in)
      boost::random::uniform_real_distribution<double> uniform(-bound, bound);
      for (const auto& p : direct) {
        const Index n = p.value().numel();
        if (norm) {
          x.segment(offset, n).setConstant(p.key() == "weight" ? 1.0 : 0.0);
        } else {
          for (Index k = 0; k < n; ++k) x[offset + k] = uniform(rng);
        }
        offset += n;
      }
    }
    assert(offset == d_);  // modules() visits parameters in parameters() order
    return x;
  }

  ModelSpec spec_;
  NeuralOptions options_;
  torch::Dtype dtype_;
  DedicatedThread thread_{kComputeStack};
  std::shared_ptr<Net> net_;
  std::vector<torch::Tensor> params_;
  std::vector<std::pair<std::string, Index>> layout_;
  Index d_ = 0;
};

}  // namespace
}  // namespace marina

// The module's one exported symbol (neural_backend.hpp).
extern "C" __attribute__((visibility("default"))) marina::NeuralBackend* marina_make_neural_backend(
    const marina::ModelSpec& spec, const marina::NeuralOptions& options, std::string* error) {
  try {
    return new marina::TorchModel(spec, options);
  } catch (const std::exception& e) {
    *error = e.what();
  } catch (...) {
    *error = "unknown error";
  }
  return nullptr;
}

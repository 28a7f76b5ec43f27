#include "methods/problems/neural_model.hpp"

#include <dlfcn.h>

#include <cstdlib>
#include <mutex>
#include <stdexcept>

namespace marina {
namespace {

// Loads the module once per process and keeps it (never dlclose'd: torch's static state
// lives as long as the process).
MakeNeuralBackend backend_factory() {
  static std::once_flag once;
  static MakeNeuralBackend factory = nullptr;
  static std::string failure;
  std::call_once(once, [] {
    const std::string path = torch_module_path();
    void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
      failure = "cannot load the torch module " + path + " (" + ::dlerror() + ")";
      return;
    }
    factory = reinterpret_cast<MakeNeuralBackend>(::dlsym(handle, kMakeNeuralBackendSymbol));
    if (factory == nullptr) failure = "the torch module " + path + " has no " + kMakeNeuralBackendSymbol;
  });
  if (factory == nullptr) throw std::runtime_error(failure);
  return factory;
}

}  // namespace

// Two models computing at once gave different bits from run to run (test
// Neural.RunsAreByteIdenticalWhateverTheThreadCount failed about one run in ten with two
// threads): some state inside torch is shared between threads. Until it is found, torch runs
// one computation at a time; the workers' steps around it still run in parallel.
static std::mutex& torch_calls() {
  static std::mutex m;
  return m;
}

std::string torch_module_path() {
  if (const char* p = std::getenv("MARINA_TORCH_MODULE"); p != nullptr && *p != '\0') return p;
  return MARINA_TORCH_MODULE_PATH;
}

NeuralModel::NeuralModel(const ModelSpec& spec, NeuralOptions options) : spec_(spec) {
  check_model_spec(spec);  // here, so that a bad spec never needs the module
  if (options.micro_batch < 1) throw std::invalid_argument("the micro-batch must hold at least one sample");
  std::string error;
  backend_.reset(backend_factory()(spec, options, &error));
  if (backend_ == nullptr) throw std::runtime_error("cannot build the " + model_name(spec.kind) + ": " + error);
  dim_ = backend_->dim();
}

NeuralModel::~NeuralModel() = default;

std::vector<std::pair<std::string, Index>> NeuralModel::parameter_layout() const { return backend_->parameter_layout(); }

Vec NeuralModel::initial_point(NeuralInit init, std::uint64_t seed) const {
  if (init == NeuralInit::paper) return Vec::Zero(dim_);
  return backend_->initial_point(init, seed);
}

void NeuralModel::set_parameters(const Vec& x) { backend_->set_parameters(x); }
Vec NeuralModel::parameters() const { return backend_->parameters(); }

double NeuralModel::loss(const Vec& x, const ImageSet& images, std::span<const Index> rows, Vec* gradient) {
  const std::lock_guard<std::mutex> one_at_a_time(torch_calls());
  return backend_->loss(x, images, rows, gradient);
}

Index NeuralModel::correct(const Vec& x, const ImageSet& images, std::span<const Index> rows) {
  const std::lock_guard<std::mutex> one_at_a_time(torch_calls());
  return backend_->correct(x, images, rows);
}

}  // namespace marina

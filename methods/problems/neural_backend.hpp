// The seam between the methods library and the libtorch plugin (no torch header here).
//
// Why a plugin: Debian's libtorch_cpu pulls in some 280 shared libraries (OpenCV, Qt, GDAL,
// ...) and registers thousands of operators at load time; a process linked against it
// spends ~0.7 s starting up. Every test is a process of its own and the sweeps start
// marina-sim once per run, so linking torch would have cost minutes of test time and
// every linear-model run its start-up. The torch code is therefore a loadable module
// (libmarina_torch.so, built from methods/problems/torch_models.cpp), dlopen'ed the first
// time a neural model is built (methods/problems/neural_model.cpp).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "methods/common/types.hpp"
#include "methods/data/image_set.hpp"
#include "methods/problems/neural_spec.hpp"

namespace marina {

enum class NeuralPrecision { f32, f64 };  // f64 for finite-difference tests

struct NeuralOptions {
  NeuralPrecision precision = NeuralPrecision::f32;
  int micro_batch = 128;  // paper-notes §5.2
};

// What NeuralModel (neural_model.hpp) forwards to; its documentation is there.
class NeuralBackend {
 public:
  virtual ~NeuralBackend() = default;
  virtual Index dim() const = 0;
  virtual std::vector<std::pair<std::string, Index>> parameter_layout() const = 0;
  virtual Vec initial_point(NeuralInit init, std::uint64_t seed) = 0;
  virtual void set_parameters(const Vec& x) = 0;
  virtual Vec parameters() = 0;
  virtual double loss(const Vec& x, const ImageSet& images, std::span<const Index> rows, Vec* gradient) = 0;
  virtual Index correct(const Vec& x, const ImageSet& images, std::span<const Index> rows) = 0;
};

// The plugin's one exported symbol: a new backend (owned by the caller), or nullptr with
// *error set (an exception does not cross the dlopen boundary).
using MakeNeuralBackend = NeuralBackend* (*)(const ModelSpec& spec, const NeuralOptions& options, std::string* error);
inline constexpr const char* kMakeNeuralBackendSymbol = "marina_make_neural_backend";

}  // namespace marina

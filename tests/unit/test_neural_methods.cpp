// The methods on a network see only the Objective and a flat x (issue 18): MARINA with the
// identity compressor is GD on an MLP, bit for bit with p = 1 (every round sends the full
// gradient) and up to double rounding with p < 1, as on the linear problem
// (test_method_equivalences.cpp).
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "methods/algorithms/plain_loop.hpp"
#include "methods/common/rng.hpp"
#include "methods/data/synthetic_images.hpp"
#include "methods/problems/neural_objective.hpp"
#include "tests/unit/method_fixture.hpp"

namespace marina::testing {
namespace {

const WireFormat kF64{Precision::f64, IndexEncoding::log2};

struct SmallNetwork {
  std::shared_ptr<DistributedObjective> objective;
  Vec x0;
};

// An MLP 64 -> 12 -> 4 on generated 8x8 images, three workers, torch's initialisation.
SmallNetwork small_network() {
  const ImageSet images = make_synthetic_images({90, 1, 8, 8, 4, 11});
  ModelSpec spec;
  spec.kind = ModelKind::mlp;
  spec.channels = 1;
  spec.height = spec.width = 8;
  spec.classes = 4;
  spec.hidden = {12};
  std::vector<std::shared_ptr<const Objective>> locals;
  std::shared_ptr<const NeuralObjective> first;
  for (int w = 0; w < 3; ++w) {
    std::vector<Index> rows;
    for (Index r = 30 * w; r < 30 * (w + 1); ++r) rows.push_back(r);
    auto local = std::make_shared<const NeuralObjective>(select_images(images, rows), spec);
    if (!first) first = local;
    locals.push_back(local);
  }
  return {std::make_shared<DistributedObjective>(std::move(locals)),
          first->initial_point(NeuralInit::standard, stream_seed(3, StreamRole::model_init, 0))};
}

IterateRecorder run_from(const SmallNetwork& net, const MethodSpec& spec, std::int64_t rounds) {
  const IdentityCompressor id(kF64);
  MethodInstance m = make_method(spec, MethodContext{*net.objective, id, kF64, net.x0});
  IterateRecorder rec;
  run_plain_loop(m, rounds, 1, rec);
  return rec;
}

MethodSpec with_step(const std::string& name, double gamma) {
  MethodSpec s = named(name);
  s.step_size = TheoryValue::fixed(gamma);  // a network has no theory step size
  return s;
}

TEST(NeuralEquivalence, MarinaWithIdentityIsGdOnAnMlpBitForBit) {
  const SmallNetwork net = small_network();
  const auto gd = run_from(net, with_step("gd", 0.5), 30);
  const auto marina = run_from(net, with_step("marina", 0.5), 30);  // theory p = 1/(1 + 0) = 1
  ASSERT_EQ(gd.iterates.size(), marina.iterates.size());
  for (std::size_t k = 0; k < gd.iterates.size(); ++k) ASSERT_EQ(gd.iterates[k], marina.iterates[k]) << k;
  EXPECT_GT((gd.iterates.back() - net.x0).norm(), 1e-3) << "the network trained";
}

// g + mean(new - old) = mean(new) in exact arithmetic; the gradients themselves are the same
// floats at the same x, so only the double sums of the estimator differ.
TEST(NeuralEquivalence, MarinaWithIdentityAndSmallPIsGdUpToRounding) {
  const SmallNetwork net = small_network();
  MethodSpec m = with_step("marina", 0.5);
  m.p = TheoryValue::fixed(0.3);
  const auto gd = run_from(net, with_step("gd", 0.5), 30);
  const auto marina = run_from(net, m, 30);
  std::size_t compressed = 0;
  for (std::size_t k = 0; k < gd.iterates.size(); ++k) {
    compressed += marina.dense[k] ? 0 : 1;
    ASSERT_LE((gd.iterates[k] - marina.iterates[k]).norm(), 1e-12 * gd.iterates[k].norm()) << "round " << k;
  }
  EXPECT_GT(compressed, 10u);
}

}  // namespace
}  // namespace marina::testing

// Neural models behind the flat vector (issue 18): d of each model (torch's count against the
// analytic one, 11,689,512 for the paper's resnet18), the flat-vector round trip, gradients
// against central finite differences in double precision, byte-identical reruns and thread
// counts, the paper's all-zero start, FLOP counts.
#include <gtest/gtest.h>

#include <boost/random/uniform_real_distribution.hpp>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <numeric>
#include <string>

#include "methods/common/input_error.hpp"
#include "methods/common/thread_pool.hpp"
#include "methods/data/synthetic_images.hpp"
#include "methods/problems/neural_objective.hpp"

namespace marina {
namespace {

// count random images of the given shape with labels in [0, classes).
ImageSet random_images(Index count, int channels, int side, int classes, std::uint64_t seed) {
  return make_synthetic_images({count, channels, side, side, classes, seed});
}

ModelSpec spec(ModelKind kind, int channels, int side, int classes, std::vector<int> hidden = {}) {
  ModelSpec s;
  s.kind = kind;
  s.channels = channels;
  s.height = side;
  s.width = side;
  s.classes = classes;
  s.hidden = std::move(hidden);
  return s;
}

bool same_bits(const Vec& a, const Vec& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), sizeof(double) * static_cast<std::size_t>(a.size())) == 0;
}

TEST(NeuralModels, DimensionsMatchTheAnalyticCountAndThePapersResNet18) {
  const ModelSpec mlp = spec(ModelKind::mlp, 1, 28, 10, {32});
  const ModelSpec lenet = spec(ModelKind::lenet5, 1, 28, 10);
  const ModelSpec lenet_rgb = spec(ModelKind::lenet5, 3, 32, 10);
  const ModelSpec resnet = spec(ModelKind::resnet18, 3, 32, 1000);
  EXPECT_EQ(parameter_count(mlp), 784 * 32 + 32 + 32 * 10 + 10);
  EXPECT_EQ(parameter_count(lenet), 61706);
  EXPECT_EQ(parameter_count(lenet_rgb), 61706 + 2 * 6 * 25);
  EXPECT_EQ(parameter_count(resnet), 11689512);  // paper-notes §5.2
  for (const ModelSpec& s : {mlp, lenet, lenet_rgb, resnet}) {
    const NeuralModel model(s);
    EXPECT_EQ(model.dim(), parameter_count(s)) << model_name(s.kind);
  }
}

TEST(NeuralModels, ResNet18LayoutIsTorchvisionsOrder) {
  const NeuralModel model(spec(ModelKind::resnet18, 3, 32, 1000));
  const auto layout = model.parameter_layout();
  ASSERT_EQ(layout.size(), 62u);  // 20 convs, 20 BatchNorms x 2, fc x 2
  EXPECT_EQ(layout.front(), (std::pair<std::string, Index>{"conv1.weight", 64 * 3 * 49}));
  EXPECT_EQ(layout[1].first, "bn1.weight");
  EXPECT_EQ(layout[3].first, "layer1.0.conv1.weight");
  EXPECT_EQ(layout[60], (std::pair<std::string, Index>{"fc.weight", 512 * 1000}));
  EXPECT_EQ(layout[61], (std::pair<std::string, Index>{"fc.bias", 1000}));
  bool shortcut = false;
  for (const auto& [name, size] : layout) shortcut |= name == "layer2.0.downsample.0.weight" && size == 128 * 64;
  EXPECT_TRUE(shortcut);
}

TEST(NeuralModels, FlatVectorRoundTrip) {
  for (const ModelSpec& s : {spec(ModelKind::mlp, 1, 6, 4, {7, 5}), spec(ModelKind::lenet5, 1, 28, 10),
                             spec(ModelKind::resnet18, 3, 8, 5)}) {
    const NeuralModel probe(s);
    Vec x(probe.dim());
    Rng rng(3);
    boost::random::uniform_real_distribution<double> u(-1, 1);
    for (Index k = 0; k < x.size(); ++k) x[k] = u(rng);
    NeuralModel f64(s, {NeuralPrecision::f64, 128});
    f64.set_parameters(x);
    EXPECT_TRUE(same_bits(f64.parameters(), x)) << model_name(s.kind);
    NeuralModel f32(s);
    f32.set_parameters(x);
    const Vec rounded = x.cast<float>().cast<double>();
    EXPECT_TRUE(same_bits(f32.parameters(), rounded)) << model_name(s.kind);
  }
}

// Central differences in double precision: along a random unit direction (every coordinate
// at once) and along the first, middle and last coordinate of every `stride`-th parameter
// tensor (and the last one).
//
// ReLU and max-pooling make f piecewise smooth: where a step of h crosses a kink, no
// difference quotient approximates the gradient. Such a coordinate shows itself by its two
// one-sided quotients disagreeing by far more than h |f''| allows; a coordinate that misses
// the tolerance *and* shows that is reported and not counted, and at most one per model may
// be. A wrong gradient at a smooth point still fails, its one-sided quotients agree.
void expect_gradient_matches_differences(const ModelSpec& s, Index images, int side, std::uint64_t seed,
                                         std::size_t stride = 1) {
  const NeuralObjective f(random_images(images, s.channels, side, s.classes, seed), s, {NeuralPrecision::f64, 128});
  const Vec x = f.initial_point(NeuralInit::standard, seed);
  Vec g;
  f.gradient(x, g);
  ASSERT_EQ(g.size(), f.dim());
  const double h = 1e-6;
  const double f0 = f.value(x);
  int kinks = 0;
  // Checks one difference; up = f(x + h e), down = f(x - h e).
  const auto check = [&](double up, double down, double expected, const std::string& where) {
    const double central = (up - down) / (2 * h);
    const double tolerance = 1e-7 + 1e-6 * std::abs(expected);
    if (std::abs(central - expected) > tolerance && std::abs((up - f0) - (f0 - down)) / h > 1e-3) {
      ++kinks;
      std::printf("kink within h at %s: one-sided %.9g and %.9g, gradient %.9g\n", where.c_str(), (up - f0) / h,
                  (f0 - down) / h, expected);
      return;
    }
    EXPECT_NEAR(central, expected, tolerance) << where;
  };
  Rng rng(seed + 1);
  boost::random::uniform_real_distribution<double> u(-1, 1);
  Vec v(f.dim());
  for (Index k = 0; k < v.size(); ++k) v[k] = u(rng);
  v.normalize();  // a step of length h, as small as the single-coordinate ones
  check(f.value(x + h * v), f.value(x - h * v), g.dot(v), model_name(s.kind) + " direction");

  const auto layout = NeuralModel(s).parameter_layout();
  Vec moved = x;
  Index offset = 0;
  for (std::size_t t = 0; t < layout.size(); offset += layout[t].second, ++t) {
    if (t % stride != 0 && t + 1 != layout.size()) continue;
    const auto& [name, size] = layout[t];
    for (Index k : {offset, offset + size / 2, offset + size - 1}) {
      moved[k] = x[k] + h;
      const double up = f.value(moved);
      moved[k] = x[k] - h;
      const double down = f.value(moved);
      moved[k] = x[k];
      check(up, down, g[k], model_name(s.kind) + " " + name + " [" + std::to_string(k - offset) + "]");
    }
  }
  EXPECT_LE(kinks, 1) << model_name(s.kind);
}

TEST(NeuralGradients, MlpMatchesFiniteDifferences) {
  expect_gradient_matches_differences(spec(ModelKind::mlp, 2, 4, 3, {6, 5}), 7, 4, 11);
}

TEST(NeuralGradients, LeNet5MatchesFiniteDifferences) {
  expect_gradient_matches_differences(spec(ModelKind::lenet5, 1, 28, 4), 3, 28, 12);
}

TEST(NeuralGradients, ResNet18MatchesFiniteDifferences) {
  // 8x8 images reach layer2 as 1x1: BatchNorm there normalises 8 values per channel. (With
  // 3 images some of those sit so close to ReLU's kink that h = 1e-5 steps across it.)
  // Every 7th tensor: each value() loads 11 million parameters.
  expect_gradient_matches_differences(spec(ModelKind::resnet18, 3, 8, 5), 8, 8, 13, 7);
}

TEST(NeuralGradients, MinibatchIsTheMeanOverItsRows) {
  // Without BatchNorm the micro-batch split changes nothing but rounding.
  const ModelSpec s = spec(ModelKind::mlp, 1, 5, 3, {4});
  const ImageSet data = random_images(9, 1, 5, 3, 21);
  const NeuralObjective whole(data, s, {NeuralPrecision::f64, 128});
  const NeuralObjective pieces(data, s, {NeuralPrecision::f64, 2});
  const Vec x = whole.initial_point(NeuralInit::standard, 4);
  const std::vector<Index> rows{7, 2, 2, 5};
  Vec a, b, one, sum = Vec::Zero(whole.dim());
  whole.minibatch_gradient(x, rows, a);
  pieces.minibatch_gradient(x, rows, b);
  for (Index r : rows) {
    whole.minibatch_gradient(x, std::span<const Index>(&r, 1), one);
    sum += one / static_cast<double>(rows.size());
  }
  EXPECT_LT((a - b).norm(), 1e-14 * a.norm());
  EXPECT_LT((a - sum).norm(), 1e-14 * a.norm());
}

TEST(NeuralObjectives, RerunsAreByteIdenticalOnOneAndTwoPoolThreads) {
  const ModelSpec s = spec(ModelKind::lenet5, 1, 28, 10);
  const ImageSet data = random_images(40, 1, 28, 10, 31);
  std::vector<Index> rows(20);
  std::iota(rows.begin(), rows.end(), Index{10});
  // Two workers' objectives, their gradients computed on a pool of `threads`.
  auto run = [&](int threads) {
    std::vector<std::unique_ptr<NeuralObjective>> workers;
    for (int w = 0; w < 2; ++w) workers.push_back(std::make_unique<NeuralObjective>(data, s));
    const Vec x = workers[0]->initial_point(NeuralInit::standard, 8);
    std::vector<Vec> out(4);
    ThreadPool pool(threads);
    pool.run(4, [&](std::size_t t) {
      if (t < 2) workers[t]->minibatch_gradient(x, rows, out[t]);
      else workers[t - 2]->gradient(x, out[t]);
    });
    return out;
  };
  const auto one = run(1);
  const auto two = run(2);
  const auto again = run(2);
  for (std::size_t t = 0; t < 4; ++t) {
    EXPECT_TRUE(same_bits(one[t], two[t])) << t;
    EXPECT_TRUE(same_bits(two[t], again[t])) << t;
  }
  EXPECT_TRUE(same_bits(one[0], one[1]));  // two models, same numbers
}

TEST(NeuralObjectives, StandardInitIsSeededAndTorchsDistribution) {
  const NeuralModel m(spec(ModelKind::resnet18, 3, 8, 5));
  const Vec a = m.initial_point(NeuralInit::standard, 1);
  EXPECT_TRUE(same_bits(a, m.initial_point(NeuralInit::standard, 1)));
  EXPECT_FALSE(same_bits(a, m.initial_point(NeuralInit::standard, 2)));
  const auto layout = m.parameter_layout();
  // conv1: fan_in 3 * 49, uniform in +-1/sqrt(147); bn1: weight 1, bias 0.
  const Vec conv1 = a.head(layout[0].second);
  EXPECT_LE(conv1.cwiseAbs().maxCoeff(), 1 / std::sqrt(147.0));
  EXPECT_GT(conv1.cwiseAbs().maxCoeff(), 0.9 / std::sqrt(147.0));
  EXPECT_NEAR(conv1.mean(), 0.0, 0.01);
  EXPECT_TRUE((a.segment(layout[0].second, 64).array() == 1.0).all());
  EXPECT_TRUE((a.segment(layout[0].second + 64, 64).array() == 0.0).all());
}

// paper-notes §5.2: all parameters 0. Every logit is 0, so the loss is log(classes) and the
// only nonzero gradient entries are the head's bias, 1/classes - (share of label k).
void expect_paper_start(const ModelSpec& s, int side) {
  const ImageSet data = random_images(12, s.channels, side, 4, 41);  // labels below 4 of s.classes
  const NeuralObjective f(data, s, {NeuralPrecision::f64, 5});
  const Vec x = f.initial_point(NeuralInit::paper, 0);
  EXPECT_TRUE((x.array() == 0.0).all());
  EXPECT_NEAR(f.value(x), std::log(static_cast<double>(s.classes)), 1e-14);
  Vec g;
  f.gradient(x, g);
  const Index head = f.dim() - s.classes;
  EXPECT_EQ(g.head(head).cwiseAbs().maxCoeff(), 0.0) << model_name(s.kind);
  for (int k = 0; k < s.classes; ++k) {
    const double share = static_cast<double>(std::count(data.labels.begin(), data.labels.end(), k)) / 12.0;
    EXPECT_NEAR(g[head + k], 1.0 / s.classes - share, 1e-15) << k;
  }
  // Every logit ties, arg max picks class 0.
  const double share0 = static_cast<double>(std::count(data.labels.begin(), data.labels.end(), 0)) / 12.0;
  EXPECT_DOUBLE_EQ(f.accuracy(x, data), share0);
}

TEST(NeuralObjectives, PapersZeroStartMovesOnlyTheHeadBias) {
  expect_paper_start(spec(ModelKind::mlp, 1, 4, 6, {5}), 4);
  expect_paper_start(spec(ModelKind::lenet5, 1, 28, 10), 28);
  expect_paper_start(spec(ModelKind::resnet18, 3, 8, 20), 8);
}

TEST(NeuralObjectives, WorkSmoothnessAndRefusedData) {
  const ModelSpec s = spec(ModelKind::lenet5, 1, 28, 10);
  const NeuralObjective f(random_images(6, 1, 28, 10, 5), s);
  EXPECT_TRUE(std::isnan(f.smoothness()));
  const std::vector<Index> rows{1, 2, 3};
  EXPECT_EQ(f.minibatch_work(rows).oracle_calls, 3);
  EXPECT_EQ(f.minibatch_work(rows).flops, 3 * flops_per_sample(s));
  EXPECT_EQ(f.gradient_work().flops, 6 * flops_per_sample(s));
  ImageSet wide = random_images(2, 1, 28, 10, 6);
  wide.labels[1] = 10;
  try {
    NeuralObjective bad(wide, s);
    FAIL() << "accepted a label beyond the classes";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "synthetic images (seed 6): label 10 of image 1 is beyond the model's 10 classes");
  }
  try {
    NeuralObjective bad(random_images(2, 3, 32, 10, 7), s);
    FAIL() << "accepted images of another shape";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "synthetic images (seed 7): images are 3x32x32, lenet5 was built for 1x28x28");
  }
}

TEST(NeuralFlops, LeNet5AndResNet18Counts) {
  double macs = 0.0;
  for (const auto& l : layer_costs(spec(ModelKind::lenet5, 1, 28, 10))) macs += l.macs;
  // conv1 25*6*28*28 + conv2 150*16*10*10 + fc 400*120 + 120*84 + 84*10
  EXPECT_EQ(macs, 117600 + 240000 + 48000 + 10080 + 840);
  // torchvision's published cost of resnet18 on 224x224: 1.81 GMACs ("GFLOPS").
  macs = 0.0;
  for (const auto& l : layer_costs(spec(ModelKind::resnet18, 3, 224, 1000))) macs += l.macs;
  EXPECT_NEAR(macs / 1e9, 1.81, 0.005);
  // Forward + backward is about three forward passes of the dense layers (neural_spec.hpp).
  const ModelSpec lenet = spec(ModelKind::lenet5, 1, 28, 10);
  double dense = 0.0;
  for (const auto& l : layer_costs(lenet)) dense += l.macs;
  const double first_input_gradient = 2.0 * 117600;  // not computed for the first layer
  EXPECT_GT(flops_per_sample(lenet), 6 * dense - first_input_gradient);
  EXPECT_LT(flops_per_sample(lenet), 6.1 * dense - first_input_gradient);
}

}  // namespace
}  // namespace marina

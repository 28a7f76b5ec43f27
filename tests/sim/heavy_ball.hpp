// Heavy-ball gradient descent (Polyak 1964), a method that exists only in the test binary: the
// proof that a new method is one file pair and one registration, with no line of sim/ changed
// (issue 17; docs/extending.md walks through this file pair).
//   x^{k+1} = x^k - gamma g^k + beta (x^k - x^{k-1}),   g^k = (1/n) sum_i grad f_i(x^k)
// Workers send grad f_i(x^k) in full, as GD's do; every party applies the same step to the
// same bits, so the copies of x stay identical. beta = 0 is GD.
#pragma once

#include "methods/algorithms/method_context.hpp"
#include "methods/algorithms/method_registry.hpp"
#include "methods/algorithms/protocol.hpp"

namespace marina {

class HeavyBallServer final : public ServerLogic {
 public:
  HeavyBallServer(Vec x0, double gamma, double beta, int n, WireFormat wire);
  RoundPlan plan(std::int64_t round, Rng& rng) override;
  Work aggregate(std::span<const Uplink> uplinks) override;
  DownlinkPtr resync_downlink(const DownlinkPtr& planned) const override;
  const Vec& iterate() const override { return x_; }

 private:
  Vec x_, previous_, g_;
  double gamma_, beta_;
  int n_;
  WireFormat wire_;
};

class HeavyBallWorker final : public WorkerLogic {
 public:
  HeavyBallWorker(int index, std::shared_ptr<const Objective> f, Vec x0, double gamma, double beta, WireFormat wire);
  Uplink step(const Downlink& downlink, Rng& rng) override;

 private:
  int index_;
  std::shared_ptr<const Objective> f_;
  Vec x_, previous_, grad_;
  double gamma_, beta_;
  WireFormat wire_;
};

MethodDescription describe_heavy_ball();

}  // namespace marina

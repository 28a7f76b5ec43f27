// MARINA with correlated compressors (one shared seed per compressed round) and the
// PL step size.
#include <gtest/gtest.h>

#include "methods/theory/marina_variants.hpp"
#include "variant_fixture.hpp"

namespace marina::testing {
namespace {

const WireFormat kF32{Precision::f32, IndexEncoding::log2};

TEST(Marina, CorrelatedCompressorsGetOneSeedPerCompressedRound) {
  auto obj = small_problem();
  const SeedProbeCompressor probe(kF32);
  MethodSpec s = named("marina");
  s.p = TheoryValue::fixed(0.5);
  s.step_size = TheoryValue::fixed(0.05);
  const auto run = run_logged(*obj, s, probe, kF32, 40);
  std::size_t call = 0;
  for (std::size_t k = 1; k < run.rounds.size(); ++k) {
    const auto &r = run.rounds[k];
    EXPECT_EQ(r.control_bits, r.dense ? 1u : 65u);
    if (r.dense)
      continue;
    for (int w = 0; w < obj->workers(); ++w, ++call) {
      ASSERT_LT(call, probe.record().size());
      EXPECT_EQ(probe.record()[call], std::make_pair(w, r.shared_seed));
    }
  }
  EXPECT_EQ(call, probe.record().size());
  EXPECT_GT(call, 0u);
}

TEST(Marina, PositiveMuSelectsThePlStep) {
  auto obj = small_problem();
  const RandKCompressor q(obj->dim(), 2, kF32);
  MethodSpec s = named("marina");
  s.mu = 0.01;
  MethodContext ctx{*obj, q, kF32, Vec::Zero(obj->dim())};
  const ResolvedParameters prm = make_method(s, ctx).parameters;
  EXPECT_DOUBLE_EQ(prm.step_size, theory::marina_pl_step(prm.smoothness, *prm.p,
                                                         prm.omega, 4, 0.01));
}

} // namespace
} // namespace marina::testing

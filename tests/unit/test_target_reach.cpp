// Reading seconds, bits and joules to eps from summary.json (sim/output/target_reach.cpp),
// against hand-made files that follow the energy contract (tests/data/advise/): "energy" is
// null when SimGrid's energy accounting is off, else an object whose "targets" array is
// parallel to summary.json's "targets", each {"threshold": t, "joules": J or null}.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "methods/common/input_error.hpp"
#include "sim/output/target_reach.hpp"

namespace marina {
namespace {

constexpr double kEps = 0.0031622776601683794;  // the first threshold of both files

nlohmann::json load(const std::string& name) {
  std::ifstream in(std::string(MARINA_TEST_DATA_DIR) + "/advise/" + name);
  std::stringstream s;
  s << in.rdbuf();
  return nlohmann::json::parse(s.str());
}

TEST(TargetReach, ReadsSecondsBitsAndJoulesOfTheSameTarget) {
  const TargetReach r = read_target_reach(load("summary_energy.json"), kEps, "summary_energy.json");
  EXPECT_TRUE(r.reached);
  EXPECT_EQ(r.round, 120);
  EXPECT_EQ(r.seconds, 0.0421);
  EXPECT_EQ(r.bits_per_worker, 20480);
  EXPECT_TRUE(r.energy_measured);
  ASSERT_TRUE(r.joules.has_value());
  EXPECT_EQ(*r.joules, 17.25);  // the target's joules, not total_j (812.5)
}

TEST(TargetReach, NotReachedHasNoJoulesEvenWhenEnergyIsMeasured) {
  const TargetReach r = read_target_reach(load("summary_energy.json"), 1e-9, "summary_energy.json");
  EXPECT_FALSE(r.reached);
  EXPECT_TRUE(r.energy_measured);
  EXPECT_FALSE(r.joules.has_value());
}

TEST(TargetReach, EnergyNullOrAbsentMeansNotMeasured) {
  const TargetReach r = read_target_reach(load("summary_no_energy.json"), kEps, "summary_no_energy.json");
  EXPECT_TRUE(r.reached);
  EXPECT_EQ(r.seconds, 0.0123);
  EXPECT_FALSE(r.energy_measured);
  EXPECT_FALSE(r.joules.has_value());

  nlohmann::json older = load("summary_no_energy.json");  // summary.json before energy existed
  older.erase("energy");
  EXPECT_FALSE(read_target_reach(older, kEps, "older").energy_measured);
}

TEST(TargetReach, TheThresholdMustBeExactlyOneOfTheRunsTargets) {
  EXPECT_THROW(read_target_reach(load("summary_energy.json"), 1e-3, "f"), InputError);
  EXPECT_THROW(read_target_reach(load("summary_energy.json"), kEps * (1 + 1e-15), "f"), InputError);
}

TEST(TargetReach, ContradictionsBetweenTargetsAndEnergyAreErrors) {
  nlohmann::json s = load("summary_energy.json");
  s["energy"]["targets"][0]["joules"] = nullptr;  // reached, but no joules
  EXPECT_THROW(read_target_reach(s, kEps, "f"), InputError);

  s = load("summary_energy.json");
  s["energy"]["targets"][1]["joules"] = 3.0;  // not reached, but joules
  EXPECT_THROW(read_target_reach(s, 1e-9, "f"), InputError);

  s = load("summary_energy.json");
  s["energy"]["targets"].erase(1);  // not parallel
  EXPECT_THROW(read_target_reach(s, kEps, "f"), InputError);

  s = load("summary_energy.json");
  s["energy"].erase("targets");
  EXPECT_THROW(read_target_reach(s, kEps, "f"), InputError);

  s = load("summary_energy.json");
  s["energy"]["targets"][0]["joules"] = -1.0;
  EXPECT_THROW(read_target_reach(s, kEps, "f"), InputError);

  s = load("summary_energy.json");
  s["energy"] = 5;
  EXPECT_THROW(read_target_reach(s, kEps, "f"), InputError);
}

}  // namespace
}  // namespace marina

// Combinations of scenario keys that are each valid alone but cannot mean what the user wants
// together: a biased compressor with a method that needs an unbiased one, a parameter of one
// method given while another runs, synthetic-data settings with a LIBSVM file, ... They are
// checked once the scenario is loaded and before any data is read, so that a contradiction is
// reported at its key, not silently ignored.
#pragma once

#include "sim/scenario/scenario.hpp"

namespace marina {

// Throws s.error(key, message) for the first contradiction found. Two rules keep layered
// scenarios usable (see scenario_checks.cpp): a key written at its default value counts as
// not given (a run folder's scenario.toml spells out every key), and a parameter from the
// scenario file is not blamed when --set (or a sweep's [set]/[axes]) changed the choice that
// makes it irrelevant (a base scenario re-targeted to another method or compressor).
void check_scenario_consistency(const Scenario& s);

// For the resolved scenario a run folder stores: sets the keys that the scenario's choices
// ignore back to their defaults, and run.eval_every to at most run.rounds (the same rounds are
// evaluated). Changes no result, and makes the run folder of a re-targeted base scenario
// (quickstart.toml with --set compressor.name=qsgd keeps k = 4) pass the checks when rerun.
void reset_unused_keys(Scenario& s);

}  // namespace marina

// Wall-clock time of a run's phases (building the experiment, loading the platform, creating the
// actors, round 0, the other rounds, writing the outputs), printed on stderr with
// --log=marina_phases.thres:verbose: where a large run spends its time (docs/performance.md).
// Nothing is printed, and no output depends on it, otherwise.
#pragma once

namespace marina {

// "phase <what>: <seconds since the previous phase> s (<seconds since the first phase> s), memory
// <resident> MB (peak <highest resident so far> MB)".
void note_phase(const char* what);

}  // namespace marina

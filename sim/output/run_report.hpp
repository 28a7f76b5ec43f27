// The files of a run folder and the table printed at the end: trace.csv (one row per
// evaluated round), summary.json (parameters used, final values, targets, status).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "sim/experiment/experiment.hpp"
#include "sim/output/recorder.hpp"

namespace marina {

struct RunFacts {
  const Scenario& scenario;
  const Experiment& experiment;
  const Recorder& recorder;
  std::string network;        // "simgrid" or "none"
  std::string platform_file;  // empty without network
  nlohmann::json network_accounting = nullptr;  // SimulationOutcome::network, null without network
  nlohmann::json faults = nullptr;              // SimulationOutcome::faults, null without faults
  nlohmann::json energy = nullptr;              // SimulationOutcome::energy, null when energy is off
  nlohmann::json timeline = nullptr;            // timeline_json (sim/output/timeline_file.hpp), null without run.timeline
  nlohmann::json server_lost = nullptr;         // SimulationOutcome::server_lost, null unless the server was lost
};

// The energy_j column is there only when the rows carry energy, so runs without it keep their bytes.
std::string trace_csv(const std::vector<TraceRow>& rows);
// Takes the facts' JSON sections (the network accounting and the energy hold an entry per
// worker, host and link: moved into the summary, not copied).
nlohmann::json summary_json(RunFacts&& facts);
// A short human-readable table for the terminal.
std::string summary_table(const RunFacts& facts);

}  // namespace marina

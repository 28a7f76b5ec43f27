// What figures and tables call a run: the paper's names from the registries (MethodDescription
// and CompressorDescription titles: "MARINA", "Rand-K"), K spelled as the paper does ("K = 1"),
// and a platform or data file by its stem. sim/ names no method itself.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace marina {

// The registered title, or the name itself for a method or compressor this binary does not know.
std::string method_title(const std::string& method);
std::string compressor_title(const std::string& compressor);
// Whether the method sends compressed messages (false for the uncompressed baseline).
bool method_compresses(const std::string& method);

// "MARINA, K = 1", "EF21, Top-K, K = 10" (with_compressor), "GD": from a run's summary.json.
std::string run_title(const nlohmann::json& summary, bool with_compressor);

// Sweep axes whose values the fixed columns of a table (data set, method, compressor, K) and the
// figures' titles and legends already show: by the scenario key they set.
bool shown_by_run_title(const std::string& shown_key);
// True for a table axis value shown by all its fields ("marina+0.03+2653+delta"): the sweep
// names values so when two share their first field (sweep_spec.cpp, name_table_values_apart),
// and then the title's fields alone do not tell the runs apart.
bool names_every_field(const std::string& shown_value);
// A path-valued key's value as a file stem ("star16" for ".../platforms/star16.xml"), others as is.
std::string value_as_shown(const std::string& shown_key, const std::string& value);

// Legend additions: of a sweep point's axis labels (axis_value_label: "k=1", "seed=2"), those that
// run_title does not already say, nor the figure's data set and platform, spelled as run_title
// spells K ({"seed = 2"}); a value that names every field is kept.
std::vector<std::string> extra_axis_labels(const std::vector<std::string>& labels);
// A sweep run's folder name back into its axis labels ("name=marina__k=1" -> {"name=marina", "k=1"}).
std::vector<std::string> split_labels(const std::string& run_folder_name);

}  // namespace marina

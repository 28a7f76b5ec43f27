#include "sim/output/paper_names.hpp"

#include <algorithm>
#include <filesystem>

#include "methods/algorithms/method_registry.hpp"
#include "methods/compressors/compressor_registry.hpp"

namespace fs = std::filesystem;

namespace marina {

std::string method_title(const std::string& method) {
  const MethodDescription* m = find_method(method);
  return m != nullptr && !m->title.empty() ? m->title : method;
}

std::string compressor_title(const std::string& compressor) {
  const CompressorDescription* c = find_compressor(compressor);
  return c != nullptr && !c->title.empty() ? c->title : compressor;
}

bool method_compresses(const std::string& method) {
  const MethodDescription* m = find_method(method);
  return m == nullptr || m->compressor != CompressorNeed::none;
}

std::string run_title(const nlohmann::json& summary, bool with_compressor) {
  const std::string method = summary.value("method", std::string("?"));
  std::string title = method_title(method);
  if (!method_compresses(method)) return title;
  if (with_compressor) title += ", " + compressor_title(summary.value("compressor", std::string("?")));
  const auto k = summary.find("compressor_k");
  if (k != summary.end() && k->is_number_integer()) title += ", K = " + std::to_string(k->get<long>());
  return title;
}

bool names_every_field(const std::string& shown_value) {
  return shown_value.find('+') != std::string::npos;
}

bool shown_by_run_title(const std::string& shown_key) {
  return shown_key == "method.name" || shown_key == "compressor.name" || shown_key == "compressor.k" ||
         shown_key == "data.path";
}

std::string value_as_shown(const std::string& shown_key, const std::string& value) {
  const bool path = shown_key == "platform.file" || shown_key == "platform.deployment" || shown_key == "data.path";
  return path && !value.empty() ? fs::path(value).stem().string() : value;
}

std::vector<std::string> extra_axis_labels(const std::vector<std::string>& labels) {
  // The last part of the keys that run_title and the figure's own title show.
  static const std::vector<std::string> kShown = {"name", "method", "k", "compressor", "path", "data", "file",
                                                  "platform"};
  std::vector<std::string> out;
  for (const std::string& label : labels) {
    const auto eq = label.find('=');
    if (eq == std::string::npos) out.push_back(label);
    else if (std::find(kShown.begin(), kShown.end(), label.substr(0, eq)) == kShown.end() ||
             names_every_field(label.substr(eq + 1)))
      out.push_back(label.substr(0, eq) + " = " + label.substr(eq + 1));  // "seed = 2", as "K = 1" reads
  }
  return out;
}

std::vector<std::string> split_labels(const std::string& run_folder_name) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t end = run_folder_name.find("__", start);
    out.push_back(run_folder_name.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) return out;
    start = end + 2;
  }
}

}  // namespace marina

#include "sim/scenario/scenario_schema.hpp"

#include <utility>

#include "methods/algorithms/method_registry.hpp"
#include "methods/compressors/compressor_registry.hpp"
#include "methods/data/image_data_files.hpp"
#include "methods/problems/problem_registry.hpp"
#include "sim/scenario/target_metric.hpp"

namespace marina {
namespace {

// Before the problem, method and compressor tables.
std::vector<KeySpec> data_keys() {
  return {
      text_key("name", "", "run name used in output folder names (default: the scenario file stem)"),
      integer_key("seed", 1, "master seed of every random stream", at_least(0)),

      text_key("data.source", "synthetic",
               "where samples come from: synthetic and libsvm give sparse rows labelled +-1, images and "
               "synthetic_images labelled images (`marina-sim methods` says which data each problem.model takes)",
               {"synthetic", "libsvm", "images", "synthetic_images"}),
      text_key("data.path", "",
               "LIBSVM file (data.source = \"libsvm\") or image data set (data.source = \"images\": " +
                   join_commas(image_dataset_names()) +
                   "); looked for relative to the scenario file, then in $MARINA_DATA_DIR, the repository's data/ "
                   "(scripts/download-datasets.sh), ../shared/datasets"),
      integer_key("data.samples", 2000, "synthetic and synthetic_images: number of samples", at_least(1)),
      integer_key("data.features", 40, "synthetic: number of features", at_least(1)),
      integer_key("data.groups", 5, "synthetic: contiguous blocks with different distributions", at_least(1)),
      real_key("data.density", 0.3, "synthetic: probability that a feature is nonzero", open_closed(0, 1)),
      real_key("data.heterogeneity", 0.8, "synthetic: 0 = iid blocks, 1 = unrelated blocks", closed(0, 1)),
      real_key("data.label_noise", 0.05, "synthetic: probability of flipping a label", closed(0, 0.5)),
      text_key("data.image_shape", "1x28x28", "synthetic_images: channels x height x width of each image"),
      integer_key("data.classes", 10, "synthetic_images: number of labels", at_least(2)),
      integer_key("data.take", 0,
                  "images: train on the first N images of the set only (0 = all), e.g. for a quick look",
                  at_least(0)),
      flag_key("data.test", false,
               "images: also read the set's test split and report test accuracy in trace.csv (synthetic_images: "
               "data.samples / 5 generated test images)"),
      flag_key("data.bias", true, "sparse rows: prepend a column of ones (paper: include_bias)"),

      integer_key("split.workers", 5, "number of workers n", at_least(1)),
      text_key("split.mode", "contiguous", "how rows are divided among workers", {"contiguous", "shuffled"}),
      integer_key("split.shard_multiple", 0,
                  "0 = equal shards, the remainder dropped (the paper's LIBSVM runs); b > 0 = shards of b * "
                  "ceil(N / (n b)) samples and the rest to the last worker (the paper's ResNet-18 run: 128)",
                  at_least(0)),
  };
}

// After the problem, method and compressor tables.
std::vector<KeySpec> simulator_keys() {
  return {
      text_key("wire.precision", "f32", "precision of values on the wire", {"f32", "f64", "f16"}),
      text_key("wire.indices", "auto", "index encoding of sparse messages", {"auto", "none", "log2", "int32", "mask"}),
      text_key("wire.downlink", "dense",
               "MARINA family: dense = g in full every round; delta = on compressed rounds only the sparse aggregate "
               "of the compressed messages (or g in full when cheaper), which every party adds to the g it holds",
               {"dense", "delta"}),
      text_key("wire.accounting", "exact",
               "exact: bits as encoded; paper: 32 bits per value, indices free, g^0 and downlink not counted",
               {"exact", "paper"}),

      integer_key("run.rounds", 1000, "communication rounds", at_least(1)),
      integer_key("run.eval_every", 10, "evaluate f and |grad f|^2 every this many rounds", at_least(1)),
      reals_key("run.targets", "thresholds on run.target_metric reported in summary.json", above(0)),
      text_key("run.target_metric", "grad_norm_sq",
               "what run.targets, sweep tables, advise and the figures measure: grad_norm_sq = |grad f(x)|^2, or "
               "local_grad_norm_sq_mean = (1/n) sum_i |grad f_i(x)|^2, what the paper's figures plot under the label "
               "|grad f(x)|^2 (paper-notes §5.1), or loss = f(x), the train loss a network is read against",
               target_metric_names()),
      real_key("run.diverge_above", 1e10, "stop as diverged when |grad f|^2 exceeds this", above(0)),
      text_key("run.network", "simgrid", "simulate the network, or run the plain loop", {"simgrid", "none"}),
      text_key("run.energy", "auto",
               "report joules with SimGrid's power models: auto = when the platform has power properties "
               "(wattage_per_state, wattage_range), at any number of workers, on = always (error without them), "
               "off = never (docs/energy.md)",
               {"auto", "on", "off"}),
      integer_key("run.threads", 0,
                  "threads computing a round's worker steps (0 = the machine's cores); outputs do not depend on it, "
                  "and run --threads wins",
                  closed(0, 1024)),
      text_key("run.timeline", "",
               "rounds whose timeline (what the server and each worker compute, send, receive, wait for, or are "
               "down, on the simulated clock) goes into timeline.csv for marina-sim plot: \"A..B\" (both included) "
               "or \"A\"; \"\" = none (docs/timeline.md)"),

      text_key("platform.file", "", "SimGrid platform XML (relative to the scenario file)"),
      text_key("platform.server", "server", "host of the server"),
      text_key("platform.network_model", "LV08",
               "SimGrid network model: LV08 (default, TCP-like factors), CM02 (plain max-min), SMPI, ns-3 "
               "(single-hop routes only); --cfg=network/model:... on the command line wins",
               {"LV08", "CM02", "SMPI", "ns-3"}),
      text_key("platform.deployment", "",
               "SimGrid deployment file naming the hosts instead (<actor host=.. function=\"server\"|\"worker\"/>, "
               "workers in file order); relative to the scenario file"),
      text_key("platform.workers", "worker-{i}",
               "worker hosts: a pattern with {i} (0-based), a comma-separated list, or \"*\" = every host but "
               "the server, in natural name order"),

      text_key("faults.crashes", "",
               "hosts that crash, workers or the server: \"host@t\" or \"host@t..restart\" (simulated seconds), "
               "comma-separated; a restarted server resumes from its last checkpoint"),
      text_key("faults.links_down", "", "links that go down: \"link@from\" or \"link@from..until\", comma-separated"),
      text_key("faults.stragglers", "",
               "hosts that compute k times slower: \"host*k\", \"host*k@from\" or \"host*k@from..until\""),
      param_key("faults.round_timeout", {"auto"},
                "seconds the server waits for a round's uplinks before going on with what arrived; \"auto\" = "
                "twice a pessimistic fault-free round estimate from the platform (docs/faults.md)",
                above(0)),
      integer_key("faults.drop_after", 3,
                  "consecutive missed rounds after which the server stops waiting for a worker (it probes it again "
                  "after drop_after, 2 drop_after, ... rounds, at most 32 drop_after); 0 = never",
                  at_least(0)),
      integer_key("faults.checkpoint_every", 10,
                  "when faults.crashes names the server: it checkpoints after every round k that is a multiple of "
                  "this (none otherwise); a restart resumes from the last one (docs/faults.md)",
                  at_least(1)),
      real_key("faults.checkpoint_rate", 500e6,
               "bytes per second at which the server writes and reads checkpoints on its local disk (default: a "
               "SATA SSD)",
               above(0)),
      text_key("faults.checkpoint_host", "",
               "host of the platform that stores the server's checkpoints (each write and read a transfer over the "
               "network); empty = the server's local disk at faults.checkpoint_rate"),
  };
}

std::vector<KeySpec> build_schema() {
  std::vector<KeySpec> schema = data_keys();
  for (const std::vector<KeySpec>& rows :
       {problem_key_rows(), method_key_rows(), compressor_key_rows(), simulator_keys()})
    schema.insert(schema.end(), rows.begin(), rows.end());
  return schema;
}

// Registries only grow, so their sizes tell whether a registration came after the last build.
std::size_t registrations() {
  return registered_problems().size() + registered_methods().size() + registered_compressors().size();
}

}  // namespace

const std::vector<KeySpec>& scenario_schema() {
  static std::vector<KeySpec> schema;
  static std::size_t built_for = 0;
  if (built_for != registrations()) {
    schema = build_schema();
    built_for = registrations();
  }
  return schema;
}

const KeySpec* find_key(const std::string& key) {
  for (const KeySpec& spec : scenario_schema())
    if (spec.key == key) return &spec;
  return nullptr;
}

}  // namespace marina

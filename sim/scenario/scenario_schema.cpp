#include "sim/scenario/scenario_schema.hpp"

#include <cassert>
#include <utility>

namespace marina {
namespace {

// Bounds of a numeric key, written the way the table below reads best.
struct Range {
  std::optional<double> min, max;
  bool min_exclusive = false, max_exclusive = false;
};
Range at_least(double lo) { return {lo, std::nullopt, false, false}; }
Range above(double lo) { return {lo, std::nullopt, true, false}; }
Range closed(double lo, double hi) { return {lo, hi, false, false}; }
Range open_closed(double lo, double hi) { return {lo, hi, true, false}; }

KeySpec row(std::string key, ValueType type, ScenarioValue def, std::string help, Range r = {}) {
  KeySpec s{std::move(key), type, std::move(def), std::move(help), {}, {}, r.min, r.max,
            r.min_exclusive, r.max_exclusive};
  assert(s.default_value.index() == static_cast<std::size_t>(type));
  return s;
}

KeySpec flag(std::string key, bool def, std::string help) {
  return row(std::move(key), ValueType::boolean, def, std::move(help));
}
KeySpec integer(std::string key, std::int64_t def, std::string help, Range r) {
  return row(std::move(key), ValueType::integer, def, std::move(help), r);
}
KeySpec real(std::string key, double def, std::string help, Range r) {
  return row(std::move(key), ValueType::real, def, std::move(help), r);
}
KeySpec reals(std::string key, std::string help, Range element_range) {
  return row(std::move(key), ValueType::real_list, std::vector<double>{}, std::move(help),
             element_range);
}
KeySpec text(std::string key, std::string def, std::string help,
             std::vector<std::string> choices = {}) {
  KeySpec s = row(std::move(key), ValueType::string, std::move(def), std::move(help));
  s.choices = std::move(choices);
  return s;
}
// A param defaults to its (first) keyword: the value the theory prescribes.
KeySpec param(std::string key, std::vector<std::string> keywords, std::string help, Range r) {
  Param def{true, keywords.front(), 1.0};
  KeySpec s = row(std::move(key), ValueType::param, def, std::move(help), r);
  s.keywords = std::move(keywords);
  return s;
}

std::vector<KeySpec> build_schema() {
  return {
      text("name", "", "run name used in output folder names (default: the scenario file stem)"),
      integer("seed", 1, "master seed of every random stream", at_least(0)),

      text("data.source", "synthetic", "where samples come from", {"synthetic", "libsvm"}),
      text("data.path", "",
           "LIBSVM file (data.source = \"libsvm\"); relative to the scenario file, then "
           "$MARINA_DATA_DIR, then ../shared/datasets"),
      integer("data.samples", 2000, "synthetic: number of samples", at_least(1)),
      integer("data.features", 40, "synthetic: number of features", at_least(1)),
      integer("data.groups", 5, "synthetic: contiguous blocks with different distributions",
              at_least(1)),
      real("data.density", 0.3, "synthetic: probability that a feature is nonzero",
           open_closed(0, 1)),
      real("data.heterogeneity", 0.8, "synthetic: 0 = iid blocks, 1 = unrelated blocks",
           closed(0, 1)),
      real("data.label_noise", 0.05, "synthetic: probability of flipping a label", closed(0, 0.5)),
      flag("data.bias", true, "prepend a column of ones (paper: include_bias)"),

      integer("split.workers", 5, "number of workers n", at_least(1)),
      text("split.mode", "contiguous", "how rows are divided among workers",
           {"contiguous", "shuffled"}),

      text("problem.name", "nonconvex_logistic",
           "f_i(x) = mean_j (1 - sigmoid(y_j a_j^T x))^2 + lambda/2 |x|^2", {"nonconvex_logistic"}),
      param("problem.lambda", {"paper"},
            "l2 weight; \"paper\" = 1e-6 * max_i L_i as in the authors' code", at_least(0)),

      text("method.name", "marina", "optimisation method",
           {"gd", "dcgd", "diana", "vr_diana", "marina", "vr_marina", "vr_marina_online", "pp_marina",
            "ef21", "dasha", "dasha_page"}),
      param("method.step_size", {"theory"}, "step size gamma", above(0)),
      param("method.p", {"theory"},
            "MARINA family, DASHA-PAGE: probability of a dense round; VR-DIANA: of a reference refresh",
            open_closed(0, 1)),
      param("method.alpha", {"theory"}, "DIANA family: shift step size", open_closed(0, 1)),
      integer("method.batch_size", 0,
              "b': minibatch of VR methods and DASHA-PAGE; 0 = ceil(method.batch_fraction * local samples)",
              at_least(0)),
      real("method.batch_fraction", 0.01, "b' as a fraction of the local samples when method.batch_size = 0",
           open_closed(0, 1)),
      integer("method.large_batch", 0, "b: VR-MARINA online large batch; 0 = ceil(0.1 * local samples)",
              at_least(0)),
      integer("method.clients", 1, "r: PP-MARINA clients per compressed round", at_least(1)),
      text("method.sampling", "without_replacement", "PP-MARINA: how the r clients are drawn",
           {"without_replacement", "with_replacement"}),
      real("method.mu", 0.0, "Polyak-Lojasiewicz constant; > 0 selects the PL step sizes", at_least(0)),

      text("compressor.name", "rand_k", "uplink compressor",
           {"identity", "rand_k", "perm_k", "top_k", "qsgd", "natural", "natural_dithering"}),
      integer("compressor.k", 1, "RandK, TopK: coordinates kept", at_least(1)),
      integer("compressor.levels", 1, "QSGD (random dithering) and natural dithering: levels s", at_least(1)),

      text("wire.precision", "f32", "precision of values on the wire", {"f32", "f64", "f16"}),
      text("wire.indices", "auto", "index encoding of sparse messages",
           {"auto", "none", "log2", "int32", "mask"}),
      text("wire.downlink", "dense",
           "MARINA family: dense = g in full every round; delta = on compressed rounds only the sparse aggregate "
           "of the compressed messages (or g in full when cheaper), which every party adds to the g it holds",
           {"dense", "delta"}),
      text("wire.accounting", "exact",
           "exact: bits as encoded; paper: 32 bits per value, indices free, g^0 and downlink not counted",
           {"exact", "paper"}),

      integer("run.rounds", 1000, "communication rounds", at_least(1)),
      integer("run.eval_every", 10, "evaluate f and |grad f|^2 every this many rounds",
              at_least(1)),
      reals("run.targets", "thresholds on |grad f|^2 reported in summary.json", above(0)),
      real("run.diverge_above", 1e10, "stop as diverged when |grad f|^2 exceeds this", above(0)),
      text("run.network", "simgrid", "simulate the network, or run the plain loop",
           {"simgrid", "none"}),
      text("run.energy", "auto",
           "report joules with SimGrid's power models: auto = when the platform has power properties "
           "(wattage_per_state, wattage_range) and the run has at most 1,000 workers, on = always (error without them), off = never (docs/energy.md)",
           {"auto", "on", "off"}),
      integer("run.threads", 0,
              "threads computing a round's worker steps (0 = the machine's cores); outputs do not depend on it, "
              "and run --threads wins",
              closed(0, 1024)),

      text("platform.file", "", "SimGrid platform XML (relative to the scenario file)"),
      text("platform.server", "server", "host of the server"),
      text("platform.network_model", "LV08",
           "SimGrid network model: LV08 (default, TCP-like factors), CM02 (plain max-min), SMPI, ns-3 "
           "(single-hop routes only); --cfg=network/model:... on the command line wins",
           {"LV08", "CM02", "SMPI", "ns-3"}),
      text("platform.deployment", "",
           "SimGrid deployment file naming the hosts instead (<actor host=.. function=\"server\"|\"worker\"/>, "
           "workers in file order); relative to the scenario file"),
      text("platform.workers", "worker-{i}",
           "worker hosts: a pattern with {i} (0-based), a comma-separated list, or \"*\" = every host but "
           "the server, in natural name order"),

      text("faults.crashes", "",
           "worker hosts that crash: \"host@t\" or \"host@t..restart\" (simulated seconds), comma-separated"),
      text("faults.links_down", "", "links that go down: \"link@from\" or \"link@from..until\", comma-separated"),
      text("faults.stragglers", "",
           "hosts that compute k times slower: \"host*k\", \"host*k@from\" or \"host*k@from..until\""),
      param("faults.round_timeout", {"auto"},
            "seconds the server waits for a round's uplinks before going on with what arrived; \"auto\" = "
            "twice a pessimistic fault-free round estimate from the platform (docs/faults.md)",
            above(0)),
      integer("faults.drop_after", 3,
              "consecutive missed rounds after which the server stops waiting for a worker (it probes it again "
              "after drop_after, 2 drop_after, ... rounds, at most 32 drop_after); 0 = never",
              at_least(0)),
  };
}

}  // namespace

const std::vector<KeySpec>& scenario_schema() {
  static const std::vector<KeySpec> schema = build_schema();
  return schema;
}

const KeySpec* find_key(const std::string& key) {
  for (const KeySpec& spec : scenario_schema())
    if (spec.key == key) return &spec;
  return nullptr;
}

}  // namespace marina

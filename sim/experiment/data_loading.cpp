#include "sim/experiment/data_loading.hpp"

#include <cstdio>
#include <numeric>

#include "methods/common/input_error.hpp"
#include "methods/common/rng.hpp"
#include "methods/data/image_data_files.hpp"
#include "methods/data/libsvm.hpp"
#include "methods/data/synthetic.hpp"
#include "methods/data/synthetic_images.hpp"
#include "sim/experiment/dataset_locator.hpp"

namespace marina {
namespace {

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

Dataset read_libsvm_file(const Scenario& s) {
  const std::string& path = s.get_string("data.path");
  if (path.empty()) throw s.error("data.path", "data.source = \"libsvm\" needs data.path (a LIBSVM file)");
  const auto found = locate_dataset(path, s.directory());
  if (!found)
    throw s.error("data.path", "data file '" + path + "' not found (looked in: " +
                                   joined(dataset_candidates(path, s.directory())) + ")");
  return read_libsvm(*found);
}

Dataset make_synthetic_rows(const Scenario& s) {
  SyntheticSpec spec;
  spec.samples = s.get_int("data.samples");
  spec.features = s.get_int("data.features");
  spec.groups = static_cast<int>(s.get_int("data.groups"));
  spec.density = s.get_real("data.density");
  spec.heterogeneity = s.get_real("data.heterogeneity");
  spec.label_noise = s.get_real("data.label_noise");
  spec.seed = static_cast<std::uint64_t>(s.get_int("seed"));
  if (spec.groups > spec.samples)
    throw s.error("data.groups", "data.groups = " + std::to_string(spec.groups) +
                                     " exceeds data.samples = " + std::to_string(spec.samples));
  return make_synthetic(spec);
}

ImageSet read_image_split(const Scenario& s, const std::string& name, ImageSplit split) {
  const std::vector<std::string> roots = dataset_search_dirs();
  const auto files = find_image_dataset(name, split, roots);
  if (!files) {
    std::vector<std::string> looked;
    for (const ImageDataFiles& c : image_dataset_candidates(name, split, roots)) looked.push_back(c.files.front());
    throw s.error("data.path", std::string("the ") + (split == ImageSplit::train ? "training" : "test") +
                                   " images of '" + name + "' were not found (looked for " + joined(looked) +
                                   "); scripts/download-datasets.sh " + name + " fetches them");
  }
  return read_image_dataset(*files);
}

// "3x32x32" -> channels, height, width.
SyntheticImagesSpec image_shape(const Scenario& s) {
  SyntheticImagesSpec spec;
  const std::string& text = s.get_string("data.image_shape");
  char tail = 0;
  if (std::sscanf(text.c_str(), "%dx%dx%d%c", &spec.channels, &spec.height, &spec.width, &tail) != 3 ||
      spec.channels < 1 || spec.height < 1 || spec.width < 1 || spec.channels > 64 || spec.height > 4096 ||
      spec.width > 4096)
    throw s.error("data.image_shape", "data.image_shape = \"" + text +
                                          "\" is not channels x height x width (expected e.g. \"1x28x28\" or "
                                          "\"3x32x32\")");
  return spec;
}

void load_images(const Scenario& s, LoadedData& out) {
  if (s.get_string("data.source") == "images") {
    const std::string& name = s.get_string("data.path");
    if (!is_image_dataset_name(name))
      throw s.error("data.path", "data.source = \"images\" needs data.path naming an image data set (one of " +
                                     joined(image_dataset_names()) + "), got \"" + name + "\"");
    out.images = read_image_split(s, name, ImageSplit::train);
    if (const auto take = s.get_int("data.take"); take > 0 && take < out.images->count) {
      std::vector<Index> first(static_cast<std::size_t>(take));
      std::iota(first.begin(), first.end(), Index{0});
      const std::string origin = out.images->origin + " [first " + std::to_string(take) + "]";
      out.images = select_images(*out.images, first);
      out.images->origin = origin;
    }
    if (s.get_bool("data.test")) out.test_images = read_image_split(s, name, ImageSplit::test);
    out.origin = out.images->origin;
    return;
  }
  SyntheticImagesSpec spec = image_shape(s);
  spec.count = s.get_int("data.samples");
  spec.classes = static_cast<int>(s.get_int("data.classes"));
  spec.seed = static_cast<std::uint64_t>(s.get_int("seed"));
  out.images = make_synthetic_images(spec);
  out.origin = out.images->origin;
  if (s.get_bool("data.test")) {
    // A test set of its own stream: a fifth of the training set's size, at least one image.
    spec.count = std::max<Index>(1, spec.count / 5);
    spec.seed = stream_seed(spec.seed, StreamRole::evaluation, 1);
    out.test_images = make_synthetic_images(spec);
  }
}

}  // namespace

LoadedData load_data(const Scenario& s) {
  LoadedData out;
  const std::string& source = s.get_string("data.source");
  if (source == "images" || source == "synthetic_images") {
    load_images(s, out);
    return out;
  }
  out.rows = source == "libsvm" ? read_libsvm_file(s) : make_synthetic_rows(s);
  out.origin = out.rows->origin;
  return out;
}

}  // namespace marina

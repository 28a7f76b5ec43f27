// The scenario's data, read or generated, before it is split among the workers: sparse rows
// labelled +-1 (data.source = synthetic, libsvm) or labelled images (images, synthetic_images,
// with their test split when data.test asks for it). Errors name the data.* key at fault.
#pragma once

#include <optional>
#include <string>

#include "methods/data/dataset.hpp"
#include "methods/data/image_set.hpp"
#include "sim/scenario/scenario.hpp"

namespace marina {

struct LoadedData {
  std::optional<Dataset> rows;
  std::optional<ImageSet> images;
  std::optional<ImageSet> test_images;
  std::string origin;  // resolved file(s) or generator description

  Index samples() const { return rows ? rows->samples() : images->count; }
};

LoadedData load_data(const Scenario& scenario);

}  // namespace marina

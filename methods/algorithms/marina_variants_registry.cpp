// VR-MARINA (finite sum and online) and PP-MARINA.
#include "methods/algorithms/method_factory.hpp"

namespace marina {

void register_marina_variants(std::map<std::string, MethodFactory>& /*table*/) {}

}  // namespace marina

// The methods MARINA is compared with: DCGD, VR-DIANA, EF21, DASHA.
#include "methods/algorithms/method_factory.hpp"

namespace marina {

void register_baselines(std::map<std::string, MethodFactory>& /*table*/) {}

}  // namespace marina

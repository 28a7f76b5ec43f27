// The methods MARINA is compared with: DCGD, VR-DIANA, EF21, DASHA.
#include "methods/algorithms/dasha.hpp"
#include "methods/algorithms/dcgd.hpp"
#include "methods/algorithms/ef21.hpp"
#include "methods/algorithms/method_factory.hpp"
#include "methods/algorithms/vr_diana.hpp"

namespace marina {

void register_baselines(std::map<std::string, MethodFactory>& table) {
  table.emplace("dcgd", make_dcgd);
  table.emplace("vr_diana", make_vr_diana);
  table.emplace("ef21", make_ef21);
  table.emplace("dasha", make_dasha);
  table.emplace("dasha_page", make_dasha_page);
}

}  // namespace marina

// VR-MARINA (finite sum and online) and PP-MARINA.
#include "methods/algorithms/method_factory.hpp"
#include "methods/algorithms/pp_marina.hpp"
#include "methods/algorithms/vr_marina.hpp"
#include "methods/algorithms/vr_marina_online.hpp"

namespace marina {

void register_marina_variants(std::map<std::string, MethodFactory>& table) {
  table.emplace("vr_marina", make_vr_marina);
  table.emplace("vr_marina_online", make_vr_marina_online);
  table.emplace("pp_marina", make_pp_marina);
}

}  // namespace marina

// The built-in methods. A new method is a file pair in this folder with its describe_<name>()
// and one line here; its place in the list is its place in `marina-sim keys` and in every
// message that lists the methods.
#include "methods/algorithms/dasha.hpp"
#include "methods/algorithms/dcgd.hpp"
#include "methods/algorithms/diana.hpp"
#include "methods/algorithms/ef21.hpp"
#include "methods/algorithms/gd.hpp"
#include "methods/algorithms/marina.hpp"
#include "methods/algorithms/method_registry.hpp"
#include "methods/algorithms/pp_marina.hpp"
#include "methods/algorithms/vr_diana.hpp"
#include "methods/algorithms/vr_marina.hpp"
#include "methods/algorithms/vr_marina_online.hpp"

namespace marina {

std::vector<MethodDescription> builtin_methods() {
  return {
      describe_gd(),        describe_dcgd(),      describe_diana(),           describe_vr_diana(),
      describe_marina(),    describe_vr_marina(), describe_vr_marina_online(), describe_pp_marina(),
      describe_ef21(),      describe_dasha(),     describe_dasha_page(),
  };
}

}  // namespace marina

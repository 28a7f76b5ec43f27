// marina-sim: the command-line program. Bad input is the user's, not a bug: it ends with
// one line `marina-sim: error: FILE:LINE: what is wrong` and exit status 2.
#include <cstdio>
#include <exception>

#include "methods/common/input_error.hpp"
#include "sim/cli/cli.hpp"

int main(int argc, char** argv) {
  try {
    return marina::cli_main(argc, argv);
  } catch (const marina::InputError& e) {
    std::fprintf(stderr, "marina-sim: error: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "marina-sim: internal error: %s\n", e.what());
    return 1;
  }
}

// The `platform` subcommand: command-line front of the platform generator (platform_generator.hpp).
#pragma once

#include <CLI/CLI.hpp>

#include "sim/platform/platform_generator.hpp"

namespace marina {

// Registers `platform KIND [--workers N] [--bandwidth B] [--latency L] [--server-bandwidth B]
// [--worker-speed F] [--server-speed F] [--racks R] [--seed S] [--out FILE]` on app, filling
// request. Options a kind does not use are a parse error (CLI::ValidationError), not silently
// ignored.
CLI::App* add_platform_command(CLI::App& app, PlatformRequest& request);

// Writes the platform to stdout, or to request.out with its side files beside it; the host
// naming is reported on stderr when it is not the default. Returns 0; throws InputError.
int run_platform_command(const PlatformRequest& request);

}  // namespace marina

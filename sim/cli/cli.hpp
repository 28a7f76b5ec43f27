// Command-line parsing and dispatch to the subcommands.
#pragma once

namespace marina {

// Returns the exit status; throws InputError for bad input.
int cli_main(int argc, char** argv);

}  // namespace marina

#pragma once
// The `w2s` command line. Lives in core so tests can drive it; app/w2s_main.cpp only calls it.
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

namespace w2s {

/// A subcommand added from outside core (e.g. `plot`, which needs the Qt chart code).
using CliCommand =
    std::function<int(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)>;
void registerCliCommand(const std::string& name, const std::string& help, CliCommand fn);

/// Runs `w2s ARGS...`; returns the exit status. Errors: one message on `err`, non-zero status.
int runCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace w2s

#pragma once
// `w2s plot`: the workbench's figures from the command line, headless, through the same chart
// code as the window (Qt's offscreen platform).
#include <iosfwd>
#include <string>
#include <vector>

namespace w2s {

/// Adds `plot` to the `w2s` command line (call once, before runCli).
void registerPlotCommand();

/// Runs `w2s plot ARGS...` (ARGS without "plot"); returns the exit status. Creates a
/// QApplication on the offscreen platform when none exists. Throws Error/SpecError on bad input
/// (runCli prints them).
int plotCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace w2s

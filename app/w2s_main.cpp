// `w2s`: the headless command line of the workbench.
#include <iostream>
#include <string>
#include <vector>

#include "core/cli/Cli.h"
#if defined(W2S_WITH_UI) && __has_include("ui/cli/PlotCommand.h")
#include "ui/cli/PlotCommand.h"
#define W2S_HAS_PLOT 1
#endif

int main(int argc, char** argv) {
#ifdef W2S_HAS_PLOT
  w2s::registerPlotCommand();  // `w2s plot`: the window's chart code, rendered offscreen
#endif
  std::vector<std::string> args(argv + 1, argv + argc);
  return w2s::runCli(args, std::cout, std::cerr);
}

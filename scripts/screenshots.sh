#!/usr/bin/env bash
# Starts the real window under Xvfb, trains for a few seconds and saves a PNG of every screen.
#   scripts/screenshots.sh [OUT_DIR]        (default: screenshots/)
# Environment: BUILD (build folder, default build/release), SWEEP (sweep the window runs,
# default resources/sweeps/default.json), AFTER (seconds of training before the shots, default
# 10), PREFILL (a sweep run headless first so the runs and figures have finished jobs to show,
# default resources/sweeps/synthetic-small.json; "" to skip), STORE (a run store to start from,
# copied, instead of a prefill), THEMES ("light dark").
# The docs' screenshots (docs/screenshots/) are the default sweep's finished store:
#   w2s run resources/sweeps/default.json --db /tmp/default.db --jobs 2
#   STORE=/tmp/default.db AFTER=3 scripts/screenshots.sh docs/screenshots
set -euo pipefail
cd "$(dirname "$0")/.."

out=${1:-screenshots}
build=${BUILD:-build/release}
sweep=${SWEEP:-resources/sweeps/default.json}
after=${AFTER:-10}
prefill=${PREFILL-resources/sweeps/synthetic-small.json}
themes=${THEMES:-light dark}

window="$build/app/w2s-workbench"
cli="$build/app/w2s"
for exe in "$window" "$cli"; do
  [[ -x $exe ]] || { echo "screenshots.sh: $exe not built (set BUILD=...)" >&2; exit 1; }
done
command -v xvfb-run >/dev/null || { echo "screenshots.sh: xvfb-run not found (apt install xvfb)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db="$work/runs.db"
if [[ -n ${STORE:-} ]]; then
  cp "$STORE" "$db"
elif [[ -n $prefill ]]; then
  echo "prefilling the store with $prefill ..."
  "$cli" run "$prefill" --db "$db" --jobs 2 >"$work/prefill.log" 2>&1 ||
    { tail -20 "$work/prefill.log" >&2; exit 1; }
fi

mkdir -p "$out"
for theme in $themes; do
  dir="$out/$theme"
  rm -rf "$dir"
  echo "window ($theme): running $sweep for ${after}s, then screenshots into $dir"
  # A private settings folder: the shots do not depend on (or change) the user's last session.
  XDG_CONFIG_HOME="$work/config" W2S_THEME=$theme \
    xvfb-run -a -s "-screen 0 1600x1000x24" \
    "$window" --db "$db" --sweep "$sweep" --run --jobs 2 \
    --screenshot-dir "$dir" --screenshot-after "$after"
done
echo "screenshots in $out/"

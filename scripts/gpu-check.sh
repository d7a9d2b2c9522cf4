#!/usr/bin/env bash
# The CUDA path on a GPU machine: builds `w2s` headless against a CUDA libtorch (the `gpu`
# preset), trains the default sweep on the CPU and on the GPU into two fresh stores, and prints
# throughput side by side, the device each job recorded, and how far the final accuracies differ
# (GPU kernels round differently from the CPU's, so results are close, not bit-identical).
#
#   bash scripts/gpu-check.sh [TORCH_PREFIX] [SWEEP]
#
# TORCH_PREFIX: a folder holding share/cmake/Torch (a libtorch download, or the one inside a
# Python torch install: python3 -c 'import torch; print(torch.utils.cmake_prefix_path)', the
# default when python3 has torch). W2S=/path/to/w2s skips the build and uses that binary.
# Exits 2 when no CUDA device is usable (the CPU run is still printed).
set -euo pipefail
cd "$(dirname "$0")/.."
SWEEP=$(realpath "${2:-resources/sweeps/default.json}")
if [ -z "${W2S:-}" ]; then
  prefix=${1:-$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)' 2>/dev/null || true)}
  if [ -z "$prefix" ]; then
    echo "gpu-check: give TORCH_PREFIX (no Python torch found to take it from)" >&2
    exit 1
  fi
  export W2S_TORCH_PREFIX=$prefix
  cmake --preset gpu
  cmake --build --preset gpu -j"$(nproc)"
  W2S=build/gpu/app/w2s
fi
work=$(mktemp -d /tmp/w2s-gpu-check.XXXXXX)
trap 'rm -rf "$work"' EXIT

run() {  # device -> seconds; the store is $work/$device.db
  local device=$1 t0 t1
  t0=$(date +%s.%N)
  "$W2S" run "$SWEEP" --db "$work/$device.db" --device "$device" --jobs 1 --quiet \
    > "$work/$device.log" 2>&1 || { tail -3 "$work/$device.log" >&2; return 1; }
  t1=$(date +%s.%N)
  python3 -c "print(f'{$t1 - $t0:.1f}')"
}
# The stores are read with Python's sqlite3 module: python3 is there wherever torch is, the
# sqlite3 command line often is not.
query() {  # query DB SQL [DB_ATTACHED_AS_c] -> rows, fields joined by ' '
  python3 - "$@" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
if len(sys.argv) > 3:
    db.execute("ATTACH ? AS c", (sys.argv[3],))
for row in db.execute(sys.argv[2]):
    print(" ".join(str(v) for v in row))
PY
}
jobs_of() { query "$1" "SELECT count(*) FROM jobs WHERE status = 'done'"; }
devices_of() {
  query "$1" "SELECT json_extract(json, '$.device') || ' x' || count(*) FROM summaries
              GROUP BY json_extract(json, '$.device')" | paste -sd ' '
}

cpu=$(run cpu)
echo "gpu-check: cpu: $(jobs_of "$work/cpu.db") jobs in ${cpu} s; devices: $(devices_of "$work/cpu.db")"
if ! cuda=$(run cuda); then
  echo "gpu-check: no usable CUDA device with this libtorch: the CUDA path was not run" >&2
  exit 2
fi
echo "gpu-check: cuda: $(jobs_of "$work/cuda.db") jobs in ${cuda} s; devices: $(devices_of "$work/cuda.db")"
query "$work/cuda.db" "
  SELECT printf('gpu-check: final accuracy, cuda vs cpu: max |difference| %.4f, mean %.4f over %d jobs',
                max(abs(g.final_acc - k.final_acc)), avg(abs(g.final_acc - k.final_acc)), count(*))
  FROM jobs g JOIN c.jobs k ON k.hash = g.hash WHERE g.status = 'done' AND k.status = 'done'" \
  "$work/cpu.db"
python3 -c "print(f'gpu-check: throughput cuda / cpu: x{$cpu / $cuda:.2f}')"

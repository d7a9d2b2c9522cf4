#!/usr/bin/env bash
# `w2s slurm` on a real single-node Slurm (scripts/slurm-local.sh), compared with one machine:
#  1. the sweep run by `w2s run` alone, and by `w2s slurm --array-size 4 --submit` (levels of 4
#     array tasks, merged between levels): the two reports must be identical;
#  2. merging the merged store into a new one twice: the second merge changes 0 rows;
#  3. a second submission with one level-1 task killed mid-run: `w2s slurm --resume` must
#     resubmit that task alone, and the report must again be identical.
# Prints one summary line; exits non-zero on any difference. Needs root (the Slurm daemons).
#
#   bash scripts/slurm-test.sh [W2S] [SWEEP]
set -euo pipefail
cd "$(dirname "$0")/.."
W2S=$(realpath "${1:-build/release/app/w2s}")
SWEEP=$(realpath "${2:-resources/sweeps/synthetic-small.json}")
work=$(mktemp -d /tmp/w2s-slurm-test.XXXXXX)
cleanup() { bash scripts/slurm-local.sh stop "$work/slurm" > /dev/null 2>&1 || true; }
trap cleanup EXIT
bash scripts/slurm-local.sh start "$work/slurm"
export SLURM_CONF="$work/slurm/slurm.conf"

now() { date +%s.%N; }
wait_idle() {  # until no job of ours is queued or running
  for _ in $(seq 1800); do
    if [ -z "$(squeue -h -o %i)" ]; then return 0; fi
    sleep 0.5
  done
  echo "slurm-test: jobs still queued after 15 minutes" >&2; squeue >&2; return 1
}

t0=$(now)
"$W2S" run "$SWEEP" --db "$work/one.db" --jobs 2 --threads 1 --quiet > "$work/one.log"
t1=$(now)
"$W2S" slurm "$SWEEP" --out "$work/a" --array-size 4 --submit | tee "$work/a.submit"
wait_idle
t2=$(now)
"$W2S" status --cluster "$work/a"
"$W2S" report --db "$work/one.db" > "$work/one.txt"
"$W2S" report --db "$work/a/merged.db" > "$work/a.txt"
if ! diff "$work/one.txt" "$work/a.txt"; then
  echo "slurm-test: the merged report differs from the one-machine report" >&2
  tail -5 "$work"/a/logs/*.out >&2
  exit 1
fi
jobs=$(sed -n 's/^\([0-9]*\) planned.*/\1/p' "$work/one.log")

"$W2S" merge "$work/again.db" "$work/a/merged.db" > /dev/null
second=$("$W2S" merge "$work/again.db" "$work/a/merged.db")
echo "$second"
case "$second" in *"; 0 rows changed"*) ;; *) echo "slurm-test: second merge changed rows" >&2; exit 1;; esac

# A level-1 task killed while it trains; the level's merge never runs (its dependency failed).
"$W2S" slurm "$SWEEP" --out "$work/b" --array-size 4 --submit > "$work/b.submit"
level1=$(sed -n 's/^level 1: job \([0-9]*\).*/\1/p' "$work/b.submit")
killed=""
for _ in $(seq 1200); do
  if squeue -h -j "${level1}_2" -o %T 2>/dev/null | grep -q RUNNING; then
    sleep 1
    scancel --signal=KILL "${level1}_2"
    killed=yes
    break
  fi
  sleep 0.1
done
[ -n "$killed" ] || { echo "slurm-test: level-1 task 2 never ran" >&2; exit 1; }
wait_idle
"$W2S" status --cluster "$work/b"
"$W2S" slurm --resume "$work/b" --submit | tee "$work/b.resume"
resubmitted=$(sed -n 's/^\([0-9]*\) array task(s) to resubmit.*/\1/p' "$work/b.resume")
grep -q "^level 1: job [0-9]* (1 of 4 tasks)" "$work/b.resume" || {
  echo "slurm-test: resume did not resubmit level-1 task 2 alone" >&2; exit 1; }
wait_idle
"$W2S" status --cluster "$work/b"
"$W2S" report --db "$work/b/merged.db" > "$work/b.txt"
if ! diff "$work/one.txt" "$work/b.txt"; then
  echo "slurm-test: the report after --resume differs from the one-machine report" >&2
  exit 1
fi
one=$(echo "$t1 - $t0" | bc)
slurm=$(echo "$t2 - $t1" | bc)
printf 'slurm-test: %s jobs, levels of 4 array tasks: report identical to one machine; wall %.1f s vs %.1f s on one machine (x%.2f); second merge 0 rows changed; killed 1 level-1 task, --resume resubmitted %s task(s), report identical\n' \
  "$jobs" "$slurm" "$one" "$(echo "$slurm / $one" | bc -l)" "$resubmitted"

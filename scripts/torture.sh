#!/usr/bin/env bash
# Store torture test: many writers, kills and a locked store against one run store, compared with
# an uninterrupted run of the same sweep. Prints one summary line and exits non-zero on any loss,
# difference or double training.
#
#   bash scripts/torture.sh [W2S_BINARY] [SWEEP] [KILLS]
#
# Phases, each on its own store:
#   reference   one uninterrupted `w2s run` (its wall time is the baseline)
#   kills       `w2s run` killed with SIGKILL at KILLS random moments, then run to the end
#   together    two `w2s run`s started at once
#   staggered   a second `w2s run` started mid-sweep and interrupted with SIGINT, the first
#               running to the end, then the second run again
#   lock        a writer (Python sqlite3, as a notebook would) holds the write lock for 60 s
#               while the sweep trains
# A reader polls every store the way the window does (PRAGMA data_version, counts) throughout.
# Then: PRAGMA integrity_check, the set of job hashes, and every job's accuracies, curve and
# predictions compared with the reference bit for bit.
set -euo pipefail
cd "$(dirname "$0")/.."
W2S=${1:-build/release/app/w2s}
SWEEP=${2:-resources/sweeps/synthetic-small.json}
KILLS=${3:-20}
LOCK_SECONDS=${LOCK_SECONDS:-60}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/w2s-torture.XXXXXX")
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
[ -x "$W2S" ] || { echo "torture: no w2s binary at $W2S (build first)" >&2; exit 2; }
RUN=("$W2S" run "$SWEEP" --jobs 2 --threads 1 --device cpu --quiet)
RANDOM=4242  # the kill moments are the same on every run of this script

now() { date +%s.%N; }
trained() { sed -n 's/.* \([0-9]*\) trained, \([0-9]*\) done elsewhere.*/\1/p' "$1" | tail -1; }

# The window's way of reading: a cheap version check, and a count when it changed.
poll_reader() {
  python3 - "$@" <<'EOF' &
import sqlite3, sys, time, os
paths = sys.argv[1:]
seen = {}
deadline = time.time() + 3600
while time.time() < deadline and os.path.exists(os.environ.get("TORTURE_FLAG", "/nonexistent")):
    for p in paths:
        if not os.path.exists(p):
            continue
        try:
            c = sqlite3.connect("file:%s?mode=ro" % p, uri=True, timeout=0.2)
            v = c.execute("PRAGMA data_version").fetchone()[0]
            if seen.get(p) != v:
                c.execute("SELECT status, count(*) FROM jobs GROUP BY status").fetchall()
                seen[p] = v
            c.close()
        except sqlite3.Error:
            pass
    time.sleep(0.1)
EOF
}
export TORTURE_FLAG="$WORK/reading"
touch "$TORTURE_FLAG"
poll_reader "$WORK/ref.db" "$WORK/kills.db" "$WORK/together.db" "$WORK/staggered.db" "$WORK/lock.db"

# reference
t0=$(now)
"${RUN[@]}" --db "$WORK/ref.db" > "$WORK/ref.log"
t1=$(now)
ref_seconds=$(python3 -c "print(f'{$t1 - $t0:.1f}')")
planned=$(sed -n 's/^\([0-9]*\) planned.*/\1/p' "$WORK/ref.log" | tail -1)

# kills: moments spread so that KILLS of them land before the sweep could finish (about a
# third of a run's length in all, start-up included); an attempt that finished first counts
# as no kill, and attempts go on (up to 3 x KILLS) until KILLS kills landed.
killed=0
attempts=0
while [ "$killed" -lt "$KILLS" ] && [ "$attempts" -lt $((3 * KILLS)) ]; do
  attempts=$((attempts + 1))
  "${RUN[@]}" --db "$WORK/kills.db" > /dev/null 2>&1 &
  pid=$!
  sleep "$(python3 -c "print(0.15 + ($RANDOM % 1000) / 1000 * $ref_seconds / $KILLS)")"
  if kill -9 "$pid" 2>/dev/null; then killed=$((killed + 1)); fi
  wait "$pid" 2>/dev/null || true
done
"${RUN[@]}" --db "$WORK/kills.db" > "$WORK/kills.log"

# together
t0=$(now)
"${RUN[@]}" --db "$WORK/together.db" > "$WORK/a.log" 2>&1 &
a=$!
"${RUN[@]}" --db "$WORK/together.db" > "$WORK/b.log" 2>&1 &
b=$!
wait "$a"
wait "$b"
t1=$(now)
pair_ratio=$(python3 -c "print(f'{($t1 - $t0) / ($ref_seconds):.2f}')")
together_trained=$(( $(trained "$WORK/a.log") + $(trained "$WORK/b.log") ))

# staggered, the second interrupted
"${RUN[@]}" --db "$WORK/staggered.db" > "$WORK/c.log" 2>&1 &
c=$!
sleep 4
"${RUN[@]}" --db "$WORK/staggered.db" > "$WORK/d.log" 2>&1 &
d=$!
sleep 5
kill -INT "$d" 2>/dev/null || true
wait "$d" || true
wait "$c"
"${RUN[@]}" --db "$WORK/staggered.db" > "$WORK/e.log" 2>&1
staggered_trained=$(( $(trained "$WORK/c.log") + $(trained "$WORK/d.log") + $(trained "$WORK/e.log") ))

# lock
"${RUN[@]}" --db "$WORK/lock.db" > "$WORK/lock.log" 2>&1 &
l=$!
sleep 3
python3 - "$WORK/lock.db" "$LOCK_SECONDS" <<'EOF'
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], timeout=30, isolation_level=None)
c.execute("BEGIN IMMEDIATE")
time.sleep(float(sys.argv[2]))
c.execute("COMMIT")
EOF
lock_rc=0
wait "$l" || lock_rc=$?
rm -f "$TORTURE_FLAG"

# compare
summary=$(python3 - "$WORK" "$planned" <<'EOF'
import hashlib, sqlite3, sys
work, planned = sys.argv[1], int(sys.argv[2])
def snapshot(path):
    c = sqlite3.connect(path)
    ok = c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    jobs = {}
    for h, status, fa, ba, bs in c.execute(
            "SELECT hash, status, final_acc, best_acc, best_step FROM jobs"):
        curve = c.execute("SELECT step, train_loss, test_loss, test_acc, agree_all FROM curves "
                          "WHERE job_hash = ? ORDER BY step", (h,)).fetchall()
        preds = hashlib.sha256(b"".join(
            p or b"" for (p,) in c.execute(
                "SELECT probs FROM predictions WHERE job_hash = ? ORDER BY split", (h,)))).hexdigest()
        jobs[h] = (status, fa, ba, bs, tuple(curve), preds)
    sweeps = c.execute("SELECT count(*) FROM sweeps").fetchone()[0]
    return ok, jobs, sweeps
ok_ref, ref, _ = snapshot(f"{work}/ref.db")
lost = differing = broken = 0
extra_sweeps = 0
for name in ("kills", "together", "staggered", "lock"):
    ok, jobs, sweeps = snapshot(f"{work}/{name}.db")
    broken += not ok
    extra_sweeps += sweeps - 1
    if set(jobs) != set(ref):
        differing += len(set(jobs) ^ set(ref))
    for h, r in ref.items():
        j = jobs.get(h)
        if j is None or j[0] != "done":
            lost += 1
        elif j != r:
            differing += 1
print(f"{'ok' if ok_ref and broken == 0 else 'BROKEN'} {lost} {differing} {extra_sweeps} {len(ref)}")
EOF
)
read -r integrity lost differing extra_sweeps jobs <<< "$summary"
twice=$(( together_trained - planned ))
line="torture: $jobs jobs; kill -9 x$killed; pair together ${together_trained}/${planned} trained (x${pair_ratio} of one run's ${ref_seconds} s); staggered+Ctrl-C ${staggered_trained}/${planned} trained; lock ${LOCK_SECONDS} s (exit $lock_rc); integrity $integrity; $lost lost, $differing differing, $extra_sweeps extra sweep rows"
echo "$line"
if [ "$killed" -lt "$KILLS" ]; then echo "torture: only $killed of $KILLS kills landed" >&2; fi
if [ "$integrity" != ok ] || [ "$lost" != 0 ] || [ "$differing" != 0 ] || [ "$twice" != 0 ] ||
   [ "$staggered_trained" != "$planned" ] || [ "$lock_rc" != 0 ] || [ "$extra_sweeps" != 0 ]; then
  echo "torture: FAILED" >&2
  exit 1
fi

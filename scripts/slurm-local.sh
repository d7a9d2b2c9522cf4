#!/usr/bin/env bash
# A single-node Slurm on this machine, for trying `w2s slurm` and for scripts/slurm-test.sh:
# slurmctld + slurmd on localhost from Debian's slurm-wlm and munge, no cgroups, no accounting,
# every state/spool/log file under one folder. Needs root (munge and slurmd run as root here).
#
#   bash scripts/slurm-local.sh start DIR    installs slurm-wlm/munge when missing, writes
#                                            DIR/slurm.conf, starts the daemons, waits for the
#                                            node; then: export SLURM_CONF=DIR/slurm.conf
#   bash scripts/slurm-local.sh stop DIR     stops the daemons started by `start DIR`
set -euo pipefail
action=${1:?usage: slurm-local.sh start|stop DIR}
dir=${2:?usage: slurm-local.sh start|stop DIR}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

stop() {
  local pids=("$dir"/slurmd.pid "$dir"/slurmctld.pid)
  # munged only when this script started it.
  if [ -f "$dir/started-munged" ]; then pids+=(/run/munge/munged.pid); fi
  for pid in "${pids[@]}"; do
    if [ -f "$pid" ]; then kill "$(cat "$pid")" 2>/dev/null || true; fi
  done
  sleep 1
  for pid in "${pids[@]}"; do
    if [ -f "$pid" ]; then kill -9 "$(cat "$pid")" 2>/dev/null || true; rm -f "$pid"; fi
  done
  rm -f "$dir/started-munged"
}

if [ "$action" = stop ]; then
  stop
  exit 0
fi
[ "$action" = start ] || { echo "slurm-local.sh: expected start or stop, got $action" >&2; exit 2; }

if ! command -v slurmctld > /dev/null || ! command -v munged > /dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends slurm-wlm munge
fi

# munge: a key owned by munge (mode 400) and its run folder, then the daemon.
if [ ! -s /etc/munge/munge.key ]; then mungekey -c -f -k /etc/munge/munge.key; fi
chown munge:munge /etc/munge/munge.key
chmod 400 /etc/munge/munge.key
mkdir -p /run/munge /var/log/munge /var/lib/munge
chown munge:munge /run/munge /var/log/munge /var/lib/munge
if ! munge -n > /dev/null 2>&1; then
  # Debian's default paths (pid /run/munge/munged.pid); a munged already running is used as is.
  runuser -u munge -- munged
  touch "$dir/started-munged"
  for _ in $(seq 50); do munge -n > /dev/null 2>&1 && break; sleep 0.1; done
fi

host=$(hostname -s)
cpus=$(nproc)
mem=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 - 1024 ))
mkdir -p "$dir/state" "$dir/spool"
cat > "$dir/slurm.conf" <<EOF
ClusterName=w2slocal
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
DependencyParameters=kill_invalid_depend
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
SlurmctldPort=6817
SlurmdPort=6818
ReturnToService=2
MaxArraySize=10001
KillWait=5
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=local Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$dir/slurm.conf"
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
for _ in $(seq 100); do
  if sinfo -h -o '%t' 2>/dev/null | grep -qE '^(idle|mix|alloc)'; then
    echo "slurm-local: up ($host, $cpus CPUs); export SLURM_CONF=$SLURM_CONF"
    exit 0
  fi
  sleep 0.2
done
echo "slurm-local: the node did not come up; see $dir/slurmctld.log and $dir/slurmd.log" >&2
sinfo >&2 || true
exit 1

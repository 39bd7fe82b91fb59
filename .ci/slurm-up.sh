#!/usr/bin/env bash
# Brings up a one-node Slurm cluster on this machine, for the tests that
# submit to a real Slurm (cli's TestSlurmReal): Debian 12's slurmctld,
# slurmd and munge, run as root without systemd. Usage:
#
#   bash .ci/slurm-up.sh [PIDFILE]
#
# PIDFILE (default /run/nnexp-slurm.pids) receives the PIDs of munged,
# slurmctld and slurmd, one a line; stop the cluster with
#   kill $(cat PIDFILE)
# .ci/run does so when it ends. Installs the packages if sbatch is missing.
set -euo pipefail
pidfile="${1:-/run/nnexp-slurm.pids}"
start=$(date +%s%N)
if [ "$(id -u)" -ne 0 ]; then
  echo "slurm-up: run me as root" >&2; exit 1
fi

if ! command -v sbatch >/dev/null || ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null; then
  echo "== install slurm and munge"
  export DEBIAN_FRONTEND=noninteractive
  # No daemon may start from the packages' scripts: this script starts
  # them, with its configuration, and there is no systemd.
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
  chmod +x /usr/sbin/policy-rc.d
  trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  apt-get update
  apt-get install -y --no-install-recommends slurmctld slurmd slurm-client munge
  rm -f /usr/sbin/policy-rc.d
  trap - EXIT
fi

echo "== munge"
# Debian 12's munge creates the key at install; mungekey (munge 0.5.14+)
# replaces create-munge-key, which Debian 12 no longer ships.
if [ ! -s /etc/munge/munge.key ]; then
  mungekey --create --keyfile=/etc/munge/munge.key
fi
chown munge:munge /etc/munge/munge.key
chmod 0400 /etc/munge/munge.key
install -d -o munge -g munge -m 0755 /run/munge
install -d -o munge -g munge -m 0700 /var/lib/munge /var/log/munge
: >"$pidfile"
runuser -u munge -- /usr/sbin/munged
for _ in $(seq 50); do [ -s /run/munge/munged.pid ] && [ -S /run/munge/munge.socket.2 ] && break; sleep 0.1; done
cat /run/munge/munged.pid >>"$pidfile"
munge -n | unmunge >/dev/null

echo "== slurm.conf"
host=$(hostname -s)
node=$(slurmd -C | head -n 1)  # NodeName=<host> CPUs=... RealMemory=...
case "$node" in NodeName=*) ;; *) echo "slurm-up: slurmd -C said: $node" >&2; exit 1 ;; esac
install -d /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm
cat >/etc/slurm/slurm.conf <<EOF
# Written by nnexp's .ci/slurm-up.sh: one node, no accounting, no cgroups.
ClusterName=nnexp-ci
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0
ReturnToService=2
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
$node NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF

echo "== slurmctld, slurmd"
rm -f /run/slurmctld.pid /run/slurmd.pid
# Each daemon forks into the background and writes its PID file.
for daemon in slurmctld slurmd; do
  if [ "$daemon" = slurmctld ]; then slurmctld -c; else slurmd; fi  # -c: no state of an earlier cluster
  for _ in $(seq 50); do [ -s "/run/$daemon.pid" ] && break; sleep 0.1; done
  cat "/run/$daemon.pid" >>"$pidfile"
done

state=""
for _ in $(seq 120); do
  state=$(sinfo --noheader --nodes="$host" --format=%t 2>/dev/null || true)
  [ "$state" = "idle" ] && break
  sleep 0.5
done
if [ "$state" != "idle" ]; then
  echo "slurm-up: the node is not idle after 60 s (state '$state')" >&2
  tail -n 20 /var/log/slurm/slurmctld.log /var/log/slurm/slurmd.log >&2 || true
  exit 1
fi
sinfo
echo "slurm up in $(( ($(date +%s%N) - start) / 1000000 )) ms; PIDs in $pidfile"

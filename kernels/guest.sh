#!/bin/bash
# Runs inside a kernel-matrix guest, chrooted into the host's root (read
# only, with a tmpfs overlay): each cell of the plan, a kernel suite in an
# attach mode. Results go to /mnt/odash, a folder of the host's.
set -u
out=/mnt/odash
# shellcheck source=/dev/null
source "$out/plan.env" # REPO CELLS ("mode:suite ...") SLOW

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm
# Not /tmp: the checkout may be there (CI clones anywhere); the overlay
# keeps writes in memory anyway.
mount -t tmpfs tmpfs /run
mount -t tracefs nodev /sys/kernel/tracing
mount -t bpf -o mode=0700 bpf /sys/fs/bpf
mount -t cgroup2 cgroup2 /sys/fs/cgroup
ip link set lo up

cd "$REPO" || exit 1
uname -r >"$out/kernel"
bpf/.output/openat --probe >"$out/probe.json" 2>"$out/probe.err"

for cell in $CELLS; do
  mode=${cell%%:*} suite=${cell#*:}
  start=$(date +%s)
  ODASH_TEST_ATTACH=$mode ODASH_TEST_SLOW=$SLOW npx vitest run --project kernel "server/$suite.kernel.test.ts" \
    >"$out/$mode-$suite.log" 2>&1
  rc=$?
  echo "{\"mode\":\"$mode\",\"suite\":\"$suite\",\"exitCode\":$rc,\"seconds\":$(($(date +%s) - start))}" >>"$out/results.jsonl"
done
sync

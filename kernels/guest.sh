#!/bin/bash
# Runs inside a kernel-matrix guest, chrooted into the host's root (read
# only, with a tmpfs overlay): each cell of the plan, a kernel suite in an
# attach mode. Results go to /mnt/odash, a folder of the host's.
set -u
out=/mnt/odash
# shellcheck source=/dev/null
source "$out/plan.env" # REPO CELLS ("mode:suite ...") SLOW BENCH

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

# One vitest per attach mode, with all of that mode's suites: starting
# vitest under TCG costs ~45 s a time. Per-suite results: MODE.json.
modes=$(for cell in $CELLS; do echo "${cell%%:*}"; done | awk '!seen[$0]++')
for mode in $modes; do
  files=$(for cell in $CELLS; do [[ ${cell%%:*} == "$mode" ]] && echo "server/${cell#*:}.kernel.test.ts"; done)
  start=$(date +%s)
  # shellcheck disable=SC2086 # one word per file
  ODASH_TEST_ATTACH=$mode ODASH_TEST_SLOW=$SLOW node node_modules/vitest/vitest.mjs run --project kernel \
    --reporter=default --reporter=json --outputFile.json="$out/$mode.json" $files >"$out/$mode.log" 2>&1
  rc=$?
  echo "{\"mode\":\"$mode\",\"exitCode\":$rc,\"seconds\":$(($(date +%s) - start))}" >>"$out/results.jsonl"
done

# A benchmark (npm run bench:kernels): its results, bench.log and its exit
# code go to the results folder.
if [[ -n $BENCH ]]; then
  BENCH_RUN_DIR=$out ODASH_TEST_SLOW=$SLOW node --import tsx "$BENCH" >"$out/bench.log" 2>&1
  echo $? >"$out/bench.rc"
fi
sync

#!/usr/bin/env bash
# npm run bench: builds what it needs, runs each benchmark phase on the real
# kernel, prints one table (figures next to their targets) and writes
# bench/results/<timestamp>.json. As root; about 16 minutes on 2 cores, 7 of
# them the store's. BENCH_N (burst size), BENCH_ROUNDS (ingest rounds,
# default 5), BENCH_SOAK_SECONDS (memory run, default 60),
# BENCH_STORE_EVENTS (events the store's queries run over, default 10M),
# BENCH_REPLAY_EVENTS (events replayed, default 10M), BENCH_WAIT_SECONDS
# (how long to wait for a busy trace_pipe, default 600).
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ $(id -u) -ne 0 ]]; then
  echo "bench: run as root: it loads BPF programs and reads trace_pipe (sudo npm run bench)" >&2
  exit 1
fi

bash scripts/ensure-deps.sh --with-browser
# The ingest phase's peers: bpftrace, and libbpf-tools' opensnoop.
missing=()
command -v bpftrace >/dev/null || missing+=(bpftrace)
[[ -x /usr/sbin/opensnoop ]] || missing+=(libbpf-tools)
if ((${#missing[@]})); then
  echo "bench: installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
make -C bench --no-print-directory -s
# The browser phase's floor: a Next.js page with nothing in it.
npx next build bench/next-floor >/dev/null

stamp=$(date -u +%Y%m%dT%H%M%SZ)
export BENCH_RUN_DIR="bench/results/.run-$stamp"
export BENCH_BUFFER_BEFORE="$(cat /sys/kernel/tracing/buffer_size_kb)"
export BENCH_BPF_STATS_BEFORE="$(cat /proc/sys/kernel/bpf_stats_enabled)"
export BENCH_LOADAVG_BEFORE="$(cat /proc/loadavg)"
mkdir -p "$BENCH_RUN_DIR"
# The phases' scratch files (captured lines: tens of MB) and the backend's
# state folder go; the JSON stays.
trap 'rm -rf "$BENCH_RUN_DIR" /tmp/bench-state' EXIT

phase() {
  echo "bench: == $1" >&2
  shift
  "$@" || echo "bench: phase failed (exit $?); going on with the next" >&2
}
phase ingest node --import tsx bench/ingest.ts
phase capture node --import tsx bench/capture.ts
# One core: taskset keeps Node's helper threads (GC, compiler) on it too.
phase parser taskset -c 1 node --import tsx bench/parser.ts
phase store taskset -c 1 node --import tsx bench/store.ts
phase replay node --import tsx bench/replay.ts
phase latency node --import tsx bench/latency.ts
phase memory node --import tsx bench/memory.ts
phase browser node --import tsx bench/browser.ts
node --import tsx bench/report.ts "$stamp"

#!/usr/bin/env bash
# npm start: install what is missing, build, run the dashboard (as root).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ $(id -u) -ne 0 ]]; then
  echo "ebpf-dash: run as root: it installs packages, loads BPF programs and reads trace_pipe" >&2
  echo "  fix: sudo npm start" >&2
  exit 1
fi
bash scripts/ensure-deps.sh
# glibc gives each thread that allocates an arena of its own and keeps what
# they free: DuckDB's and the store's threads side by side held 50-80 MB
# more at their peak (store/memory-bound.test.ts). Read at the start only.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
exec node .build/server/main.mjs "$@"

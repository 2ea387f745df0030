#!/usr/bin/env bash
# npm run bench:kernels: bench/attach-modes.ts inside Debian 12's stock
# kernels (6.1 and 6.12, under qemu), where every attach mode loads. See
# kernels/bench.ts.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ $(id -u) -ne 0 ]]; then
  echo "ebpf-dash: the kernel benchmark boots kernels and loads BPF programs; fix: sudo npm run bench:kernels" >&2
  exit 1
fi
bash scripts/ensure-deps.sh --with-kernels
make -C bench --no-print-directory -s
exec node --import tsx kernels/bench.ts "$@"

#!/usr/bin/env bash
# npm run test:kernels: the kernel suites inside Debian 12's stock kernels
# (6.1 and 6.12, under qemu), in every attach mode. See kernels/matrix.ts.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ $(id -u) -ne 0 ]]; then
  echo "ebpf-dash: the kernel matrix boots kernels and loads BPF programs; fix: sudo npm run test:kernels" >&2
  exit 1
fi
bash scripts/ensure-deps.sh --with-kernels
exec node --import tsx kernels/matrix.ts "$@"

#!/usr/bin/env bash
# npm test: install what is missing, build, then every test: types, unit,
# kernel integration (real BPF), and Playwright in Debian's Chromium.
# Kernel and browser suites read trace_pipe, so they run one after another.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ $(id -u) -ne 0 ]]; then
  echo "ebpf-dash: the tests load BPF programs and need root; fix: sudo npm test" >&2
  exit 1
fi
bash scripts/ensure-deps.sh --with-browser

echo "== typecheck"
npx tsc --noEmit -p .
echo "== unit"
npx vitest run --project unit
echo "== doctor"
node --import tsx server/doctor.ts
echo "== kernel"
npx vitest run --project kernel
echo "== e2e"
npx playwright test

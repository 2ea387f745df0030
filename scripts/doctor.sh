#!/usr/bin/env bash
# npm run doctor: check the machine; installs npm dependencies only if absent.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -f node_modules/.package-lock.json ]] || npm ci --no-audit --no-fund --loglevel=error
exec node --import tsx server/doctor.ts

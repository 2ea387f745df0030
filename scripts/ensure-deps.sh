#!/usr/bin/env bash
# Installs what is missing on a Debian 12 machine, then builds what is stale.
# Usage: scripts/ensure-deps.sh [--with-browser] [--with-kernels]
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(clang llvm libbpf-dev bpftool iproute2 libelf-dev zlib1g-dev make gcc)
for arg in "$@"; do
  case $arg in
    # npm test: Debian's Chromium for Playwright; Prometheus and promtool
    # for the deploy/ checks and the fleet tests, which run their own.
    --with-browser) packages+=(chromium prometheus) ;;
    # npm run test:kernels: qemu, a static busybox for the guests' init,
    # what unpacks Debian's kernels and their modules, and Prometheus, which
    # the guests' prometheus suite runs from this machine's root.
    --with-kernels) packages+=(qemu-system-x86 busybox-static cpio kmod xz-utils zstd prometheus) ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "ebpf-dash: missing Debian packages: ${missing[*]}" >&2
    echo "  fix: sudo apt-get install ${missing[*]}   (or run this as root)" >&2
    exit 1
  fi
  echo "ebpf-dash: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # Debian's prometheus starts its own service (port 9090) and enables it at
  # boot: one installed here only for the tests is stopped and left disabled.
  if [[ " ${missing[*]} " == *' prometheus '* ]]; then
    if [[ -d /run/systemd/system ]]; then
      systemctl disable --now prometheus.service >/dev/null 2>&1 || true
    else
      invoke-rc.d prometheus stop >/dev/null 2>&1 || true
      update-rc.d prometheus disable >/dev/null 2>&1 || true
    fi
  fi
fi

# npm ci when node_modules is missing or older than the lock file.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "ebpf-dash: installing npm dependencies"
  npm ci --no-audit --no-fund --loglevel=error
fi

# tracefs and bpffs: a fresh machine may not have them mounted.
if [[ $(id -u) -eq 0 ]]; then
  mountpoint -q /sys/kernel/tracing || mount -t tracefs -o mode=0700 nodev /sys/kernel/tracing
  mountpoint -q /sys/fs/bpf || mount -t bpf -o mode=0700 bpf /sys/fs/bpf
fi

make -C bpf --no-print-directory
# The backend and its threads, bundled (0.1 s): what npm start runs.
node scripts/build-server.mjs

# Rebuild the static UI when any of its sources is newer than the export.
if [[ ! -f out/index.html ]] || [[ -n $(find app protocol next.config.js postcss.config.mjs package-lock.json -newer out/index.html -print -quit) ]]; then
  echo "ebpf-dash: building the UI"
  npx next build >/tmp/ebpf-dash-next-build.log 2>&1 || { cat /tmp/ebpf-dash-next-build.log >&2; exit 1; }
fi

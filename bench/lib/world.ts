/**
 * A busy host's hour of opens, made up and seeded (every run the same): the
 * events the store phase queries and the replay phase replays.
 */
import { UNATTRIBUTED, type Syscall, type TraceEvent } from '../../protocol/event';

export const HOUR = 3600;

/** Seeded, so every run stores the same events. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
export const random = rng(0x0da5b);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;

/** Ranks 0..n-1, rank i drawn with weight 1/(i+1)^s. */
function zipf(n: number, s = 1): { draw: () => number; share: (i: number) => number } {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) cdf[i] = sum += 1 / (i + 1) ** s;
  for (let i = 0; i < n; i++) cdf[i]! /= sum;
  return {
    draw() {
      const x = random();
      let lo = 0;
      let hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cdf[mid]! < x) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    },
    share: (i) => cdf[i]! - (i > 0 ? cdf[i - 1]! : 0),
  };
}

/** A flat copy (the parser hands the store flat strings, not ropes). */
export const flat = (s: string) => Buffer.from(s, 'utf8').toString('utf8');

const WORDS = (
  'alpha beta core util net http json yaml proto crypto ssl zlib ffi event async cache store index query parse ' +
  'render image font color theme config locale time date log trace metrics auth token session user group ' +
  'file path stream buffer queue worker pool thread signal socket server client proxy route handler model ' +
  'schema table column vector matrix graph tree node edge layout style widget button dialog menu panel ' +
  'audio video codec media device driver kernel module plugin loader runtime compiler linker parser lexer'
).split(' ');
const COMM_BASES = (
  'node python3 systemd-journal bash postgres java chrome containerd dockerd nginx sshd cron git make cc1 ' +
  'ld rustc cargo go gopls tsserver code firefox Xorg gnome-shell pulseaudio pipewire dbus-daemon NetworkManager ' +
  'snapd udevd polkitd rsyslogd redis-server mysqld php-fpm ruby perl sh dash zsh tmux vim less grep find ' +
  'sed awk sort cat ls cp tar gzip curl wget apt dpkg npm yarn esbuild webpack jest vitest pytest pip ' +
  'kubelet etcd prometheus grafana-server haproxy envoy consul vault nomad elasticsearch kibana logstash ' +
  'mongod rabbitmq-server memcached clamd freshclam fail2ban-server auditd chronyd irqbalance thermald ' +
  'packagekitd fwupd colord cupsd avahi-daemon ModemManager upowerd accounts-daemon gdm tracker-miner-f'
).split(/\s+/);

/** About 500 names, most common first (at most 15 bytes, as the kernel's). */
function commNames(): string[] {
  const names = new Set(COMM_BASES);
  for (let i = 0; names.size < 500; i++) {
    const base = COMM_BASES[i % COMM_BASES.length]!;
    const variant = [`${base}-${WORDS[i % WORDS.length]}`, `kworker/u8:${i}`, `${base}.${i % 13}`, `${WORDS[i % WORDS.length]}d`][i % 4]!;
    names.add(variant.slice(0, 15));
  }
  return [...names].map(flat);
}

/** About 100k distinct paths, the widely shared ones (libraries, /etc)
 *  first, then each kind's own: 15 to 150 characters. */
function paths(pids: readonly number[]): string[] {
  const out = new Set<string>();
  const w = () => pick(WORDS);
  const add = (target: number, make: () => string) => {
    for (let tries = 0; out.size < target && tries < target * 20; tries++) out.add(make());
  };
  add(2_000, () => `/usr/lib/x86_64-linux-gnu/lib${w()}${pick(['', '-2', '3', '++'])}.so.${Math.floor(random() * 9)}`);
  add(4_000, () => `/etc/${w()}/${w()}${pick(['.conf', '.d', '.json', '', '.list'])}`);
  add(8_000, () => `/usr/share/${pick(['locale', 'icons', 'fonts', 'mime', 'zoneinfo'])}/${w()}/${w()}_${Math.floor(random() * 99)}.${pick(['mo', 'png', 'ttf', 'xml'])}`);
  add(24_000, () => `/proc/${pick(pids)}/${pick(['status', 'stat', 'cmdline', 'fd', 'maps', 'cgroup', 'environ', 'mountinfo'])}`);
  add(30_000, () => `/sys/fs/cgroup/system.slice/${w()}-${w()}.service/${pick(['memory.current', 'cpu.stat', 'io.stat', 'pids.current'])}`);
  add(45_000, () => `/usr/lib/python3.11/${pick(['site-packages', 'dist-packages', ''])}/${w()}/${w()}/${pick(['__init__', w()])}${pick(['.py', '.cpython-311.pyc'])}`);
  add(80_000, () => `/home/${pick(['alice', 'bob', 'ci'])}/src/${w()}-${w()}/node_modules/${pick(['@', ''])}${w()}-${w()}/${pick(['lib', 'dist', 'src'])}/${w()}/${w()}.${pick(['js', 'mjs', 'json', 'd.ts'])}`);
  add(90_000, () => `/var/${pick(['log', 'lib', 'cache'])}/${w()}/${w()}.${Math.floor(random() * 1e4)}${pick(['.log', '.db', '', '.gz'])}`);
  add(100_000, () => `/tmp/${pick(['tmp', 'npm-', 'pip-', 'go-build'])}${Math.floor(random() * 1e8).toString(36)}/${w()}/${w()}.${pick(['o', 'tmp', 'lock', 'json'])}`);
  return [...out].map(flat);
}

const ERRNOS = [2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 13, 13, 13, 20, 1, 6]; // ENOENT mostly, EACCES, ENOTDIR, EPERM, ENXIO
const FLAGS = [0x80000, 0x80000, 0x80000, 0x80000, 0x80000, 0, 0, 0x98800, 0x80241, 0x241, 0x2, 0x80042];
const SYSCALL = (x: number): Syscall => (x < 0.97 ? 'openat' : x < 0.99 ? 'open' : 'openat2');

export interface World {
  comms: string[];
  /** Each name's PIDs, busiest first. */
  pidsOf: number[][];
  t0: number;
  next(i: number): TraceEvent;
}

/** ~500 names (Zipf), ~20k PIDs (the common names run many), ~100k paths
 *  (widely shared ones plus each name's own), ~5% failures, n events at a
 *  steady rate over an hour. */
export function world(n: number): World {
  const comms = commNames();
  const byComm = zipf(comms.length, 1);
  const pidSet = new Set<number>();
  while (pidSet.size < 20_000) pidSet.add(300 + Math.floor(random() * 4_000_000));
  const allPids = [...pidSet];
  const pidsOf: number[][] = comms.map(() => []);
  let at = 0;
  comms.forEach((_, c) => {
    const count = Math.max(1, Math.round(20_000 * byComm.share(c)));
    for (let j = 0; j < count; j++) pidsOf[c]!.push(allPids[at++ % allPids.length]!);
  });
  const pidPick = pidsOf.map((ps) => zipf(ps.length, 1));
  const uidOf = comms.map((_, c) => (c % 3 === 0 ? 1000 : c % 7 === 0 ? 33 : 0));
  const all = paths(allPids);
  const shared = zipf(all.length, 1);
  const own = zipf(2_000, 1);
  const base = comms.map(() => Math.floor(random() * all.length));
  const t0 = 50_000;
  return {
    comms, pidsOf, t0,
    next(i) {
      const c = byComm.draw();
      const pid = pidsOf[c]![pidPick[c]!.draw()]!;
      const p = random() < 0.5 ? shared.draw() : (base[c]! + own.draw()) % all.length;
      const fails = random() < 0.05;
      const errno = fails ? pick(ERRNOS) : 0;
      const r = random();
      return {
        // Spaced as a real host's are: unevenly (within its own slot, so in order).
        ts: Math.round((t0 + ((i + random() * 0.9) * HOUR) / n) * 1e6) / 1e6,
        cpu: Math.floor(r * 8),
        pid,
        tid: r < 0.7 ? pid : pid + 1 + Math.floor(r * 8),
        comm: comms[c]!,
        uid: uidOf[c]!,
        euid: uidOf[c]!,
        flags: pick(FLAGS),
        ret: fails ? -errno : 3 + Math.floor(r * 60),
        errno,
        path: all[p]!,
        truncated: false,
        syscall: SYSCALL(random()),
        // Real opens: a few µs, a long tail.
        durationNs: Math.round(1000 + 2000 / (0.01 + random())),
        cgroupId: 1 + (c % 5),
        ...UNATTRIBUTED,
        // Each PID one process, started before the hour (1/100 s, as /proc has it).
        start: (pid % 49_999) / 100,
        fullPath: all[p]!,
        unit: ['', 'ssh.service', 'cron.service', 'session-3.scope', 'nginx.service'][c % 5]!,
        exe: `/usr/bin/${comms[c]!}`,
      };
    },
  };
}


/**
 * The event store (DuckDB, file-backed) on one core (run.sh pins this
 * process with taskset, DuckDB's threads included):
 *   ingest:  the captured real lines through parseLine into a fresh store,
 *            final flush included, against the same loop without a store;
 *            rows/s and CPU seconds per 100k events
 *   queries: each view, 20 times with varied filters, over 10M stored
 *            synthetic events (BENCH_STORE_EVENTS) shaped like a busy host's
 *   disk:    bytes per event; RSS of this process after the queries (its
 *            peak since the ingest, and the ingest's apart).
 * Everything lives in a private temporary folder, removed at the end.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EventFilter } from '../protocol/messages';
import { STORE_DEFAULTS } from '../server/store/defaults';
import { EventStore } from '../server/store/event-store';
import { escapeBytes, message } from '../server/testing/printk';
import { RECORDS } from '../server/trace/line-format';
import { parseLine } from '../server/trace/parse-line';
import { splitLines } from './lib/lines';
import { log, median, percentile, readPhase, writePhase } from './lib/results';
import { HOUR, random, world } from './lib/world';

const ROUNDS = 3;
const EVENTS = Number(process.env.BENCH_STORE_EVENTS ?? 10_000_000);
const QUERY_RUNS = 20;
const FILL_CHUNK = 65_536;
const FRAME = { bootId: 'bench-store', bootWallMs: 1_700_000_000_000 };

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'odash-bench-store-'));
const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
process.on('exit', cleanup); // also after a SIGINT (bench/lib/proc.ts exits on it)

/** A store in the folder, nothing dropped by its bounds. */
const openStore = (file: string) =>
  EventStore.open({
    path: path.join(dir, file), retentionSeconds: 86_400, maxMb: 1e6,
    memoryLimitMb: STORE_DEFAULTS.memoryLimitMb, frame: FRAME,
  });

/** The database file and any write-ahead log beside it. */
function diskBytes(file: string): number {
  let n = 0;
  for (const f of [file, `${file}.wal`]) if (fs.existsSync(f)) n += fs.statSync(f).size;
  return n;
}

const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1e6;
};

/** Starts VmHWM over from the current RSS (Linux 4.0+), so that a peak is
 *  of one part of the run. */
function resetPeak(): void {
  try {
    fs.writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    // The peak then covers the whole run; the result says so.
  }
}

function memoryMb(): { rss: number; peak: number } {
  const status = fs.readFileSync('/proc/self/status', 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

// --- 1. ingest: real lines through parseLine into a store -----------------

/**
 * Without the capture phase's file: lines in the kernel's format shaped
 * like the capture (capture.ts): 200k opens of one path by odash-burst,
 * then 100k of distinct paths, one in ten awkward, some under awkward names
 * (the generator's `mix`; a name with a newline splits its header's line).
 */
function syntheticLines(tag: string): string {
  const comms = ['a b-1 [000] x', 'nl\nname-2', 'tab\tc\\x41', 'café', '<...>'];
  const hostile = ['/tmp/odash bench/sp ace', '/tmp/odash-bench/nl\nx', '/tmp/\\x41back', '/tmp/café/\u00ff\u00fe', '/' + 'p'.repeat(598)];
  const out: string[] = [];
  let ts = 81234.5;
  const line = (pid: number, comm: string, p: string, ret: number) => {
    ts += 0.000004 + random() * 0.000004;
    const task = Buffer.from(comm, 'utf8').toString('latin1').padStart(16);
    const msg = message(RECORDS.event, tag, {
      sys: 'openat', pid, uid: 0, euid: 0, flags: 0, ret, dur: 1500, cg: 1, comm: escapeBytes(comm),
      path: escapeBytes(p), bits: 0,
    });
    out.push(`${task}-${pid}  [00${pid % 2}] ...21 ${ts.toFixed(6)}: bpf_trace_printk: ${msg}`);
  };
  for (let i = 0; i < 200_000; i++) line(40_001, 'odash-burst', '/etc/hostname', 3);
  for (let i = 0; i < 100_000; i++) {
    const comm = (Math.floor(i / 1000) % 10 ? 'odash-mix' : comms[Math.floor(i / 10_000) % comms.length]!).slice(0, 15);
    if (i % 10 === 9) line(40_002, comm, hostile[Math.floor(i / 10) % hostile.length]!, -2);
    else line(40_002, comm, `/usr/lib/odash-bench/lib${i % 4099}.so.${i % 7}`, -2);
  }
  return out.join('\n') + '\n';
}

/** The captured lines as the parser benchmark reads them (bytes through
 *  the line splitter), or synthetic ones when there is no capture. */
function corpus(): { lines: string[]; tag: string; source: 'captured' | 'synthetic' } {
  const capture = readPhase<{ tag: string; file: string }>('capture');
  let bytes: Buffer;
  let tag: string;
  let source: 'captured' | 'synthetic';
  if (capture && fs.existsSync(capture.file)) {
    bytes = fs.readFileSync(capture.file);
    tag = capture.tag;
    source = 'captured';
  } else {
    tag = 'b0e4c4b0e4c4b0e4';
    bytes = Buffer.from(syntheticLines(tag), 'latin1');
    source = 'synthetic';
    log('store: no captured lines (run bench/capture.ts for real ones): synthetic lines in the same format');
  }
  return { lines: splitLines(bytes), tag, source };
}

interface Round {
  seconds: number;
  cpu: number;
  events: number;
}

async function ingest() {
  const { lines, tag, source } = corpus();
  const tags = new Set([tag]);
  log(`store: ingest of ${lines.length} ${source} lines, ${ROUNDS} rounds after a warm-up`);

  const parseOnly = (): Round => {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    let events = 0;
    for (let i = 0; i < lines.length; i++) if (parseLine(lines[i]!, tags).kind === 'event') events++;
    return { seconds: (performance.now() - t0) / 1000, cpu: cpuSeconds(cpu0), events };
  };
  let stored = { bytes: 0, statusBytes: 0, events: 0 };
  const withStore = async (r: number): Promise<Round> => {
    const file = `ingest-${r}.duckdb`;
    const store = await openStore(file);
    let events = 0;
    let timed: Round;
    try {
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      for (let i = 0; i < lines.length; i++) {
        const p = parseLine(lines[i]!, tags);
        if (p.kind === 'event') {
          store.add(p.event);
          events++;
        }
      }
      store.flush();
      timed = { seconds: (performance.now() - t0) / 1000, cpu: cpuSeconds(cpu0), events };
      await store.upkeep(0); // refreshes status.bytes; at trace time 0 nothing is past the retention
      stored = { bytes: 0, statusBytes: store.status.bytes, events: store.status.events };
    } finally {
      await store.close();
    }
    stored.bytes = diskBytes(path.join(dir, file));
    for (const f of [file, `${file}.wal`, `${file}.tmp`]) fs.rmSync(path.join(dir, f), { recursive: true, force: true });
    return timed;
  };

  // Taking turns, so that a busy moment of the machine hits both alike.
  const bare: Round[] = [];
  const full: Round[] = [];
  for (let r = 0; r <= ROUNDS; r++) {
    const b = parseOnly();
    const f = await withStore(r);
    if (r > 0) bare.push(b), full.push(f);
    log(`store: round ${r}${r ? '' : ' (warm-up)'}: parse ${(b.events / b.seconds / 1e6).toFixed(2)}M events/s, ` +
      `parse + store ${(f.events / f.seconds / 1e6).toFixed(2)}M rows/s`);
  }
  const rates = full.map((x) => x.events / x.seconds);
  const per100k = (xs: Round[]) => median(xs.map((x) => (x.cpu / x.events) * 1e5));
  const kernel = readPhase<{ maxKernelLinesPerSec: number }>('ingest')?.maxKernelLinesPerSec ?? null;
  const best = Math.max(...rates);
  return {
    source,
    lines: lines.length,
    events: full[0]!.events,
    rounds: ROUNDS,
    rowsPerSec: Math.round(best),
    rowsPerSecMedian: Math.round(median(rates)),
    parseOnlyPerSec: Math.round(Math.max(...bare.map((x) => x.events / x.seconds))),
    cpuPer100k: per100k(full),
    cpuPer100kParseOnly: per100k(bare),
    kernelLinesPerSec: kernel,
    vsKernel: kernel ? best / kernel : null,
    diskBytes: stored.bytes,
    statusBytes: stored.statusBytes,
    bytesPerEvent: stored.bytes / stored.events,
  };
}

// --- 2. a busy host's hour of events (lib/world.ts) ------------------------

interface View {
  name: string;
  label: string;
  run(i: number): Promise<unknown>;
}

async function queries() {
  const w = world(EVENTS);
  const file = path.join(dir, 'fill.duckdb');
  const store = await openStore('fill.duckdb');
  try {
    log(`store: filling with ${(EVENTS / 1e6).toFixed(1)}M events (${w.comms.length} names, ${w.pidsOf.flat().length} PIDs)`);
    const fillStart = performance.now();
    for (let i = 0; i < EVENTS; ) {
      const end = Math.min(EVENTS, i + FILL_CHUNK);
      for (; i < end; i++) store.add(w.next(i));
      store.flush();
      await new Promise((r) => setImmediate(r)); // the store's own timers run, as in the backend
      if (i % 1_048_576 < FILL_CHUNK) log(`store: ${(i / 1e6).toFixed(1)}M stored`);
    }
    const fillSeconds = (performance.now() - fillStart) / 1000;
    const last = w.t0 + HOUR - HOUR / EVENTS;
    const now = Math.floor(last);
    await store.upkeep(now);
    const afterFill = memoryMb();
    log(
      `store: filled in ${fillSeconds.toFixed(0)} s; ${store.status.events} events, ${(store.status.bytes / 1e6).toFixed(0)} MB; ` +
        `RSS ${afterFill.rss.toFixed(0)} MB (peak ${afterFill.peak.toFixed(0)} MB)`,
    );

    const mid = w.comms.slice(40, 60); // each ~0.3% of events
    const top = w.comms.slice(0, 100);
    const busyPids = w.pidsOf.slice(0, QUERY_RUNS).map((ps) => ps[0]!);
    const globs = [
      '/proc/*/status', '/usr/lib/x86_64-linux-gnu/*.so.?', '/etc/*.conf', '*.pyc', '/home/*/src/*/node_modules/@*',
      '/sys/fs/cgroup/*/memory.current', '/var/log/*', '*/__init__.py', '/tmp/pip-*', '/usr/share/locale/*.mo',
    ];
    const views: View[] = [
      { name: 'eventsComm', label: 'events, comm=<mid-popular name>', run: (i) => store.events({ comm: mid[i % mid.length]! }, { limit: 500 }) },
      { name: 'eventsPathGlob', label: 'events, path glob', run: (i) => store.events({ path: globs[i % globs.length]! }, { limit: 500 }) },
      { name: 'rateHourComm', label: 'rate, 1 h at step 10, comm=<name>', run: (i) => store.rate({ comm: top[(i * 5) % top.length]! }, now - HOUR + 1, now, 10) },
      { name: 'rate5Min', label: 'rate, 5 min at step 1', run: (i) => { const to = now - i * 150; return store.rate({}, to - 299, to, 1); } },
      ...(['comm', 'pid'] as const).flatMap((group) =>
        ([{}, { result: 'failed' }] as EventFilter[]).map((f) => ({
          name: `processes${group === 'comm' ? 'Comm' : 'Pid'}${f.result ? 'Failed' : ''}`,
          label: `top processes by ${group}${f.result ? ', result=failed' : ''}`,
          run: (i: number) => store.processes(f, group, 200, { from: now - HOUR + 1 }, now - i),
        })),
      ),
      { name: 'processPage', label: 'process page, a busy pid', run: (i) => store.process(busyPids[i % busyPids.length]!, undefined, -Infinity, now) },
      { name: 'filesFile', label: 'files by file, the hour', run: (i) => store.files(i % 2 ? { result: 'failed' } : {}, 'file', 200, { from: now - HOUR + 1 - i }) },
      { name: 'filesDir', label: 'files by directory, the hour', run: (i) => store.files(i % 2 ? { result: 'failed' } : {}, 'dir', 200, { from: now - HOUR + 1 - i }) },
      { name: 'latencyHour', label: 'latency, the hour, comm=<name>', run: (i) => store.latency({ comm: top[(i * 3) % top.length]! }, { from: now - HOUR + 1 }) },
    ];

    // Round-robin, after one cold run each (kept apart): every view sees
    // the buffer pool as the others leave it. A query the store refuses
    // (its memory limit) fails that request in the backend (HTTP 503):
    // counted here, and the view goes on.
    const times = new Map<string, number[]>(views.map((v) => [v.name, []]));
    const first = new Map<string, number>();
    const failures = new Map<string, { count: number; error: string }>();
    for (let i = -1; i < QUERY_RUNS; i++) {
      for (const v of views) {
        const t = performance.now();
        try {
          await v.run(i < 0 ? 0 : i);
        } catch (err) {
          let f = failures.get(v.name);
          if (!f) {
            f = { count: 0, error: (err as Error).message.split('\n')[0]! };
            failures.set(v.name, f);
            log(`store: ${v.label} failed: ${f.error}`);
          }
          if (i >= 0) f.count++;
          continue;
        }
        const ms = performance.now() - t;
        if (i < 0) first.set(v.name, ms);
        else times.get(v.name)!.push(ms);
      }
      if (i % 5 === 4) log(`store: query round ${i + 1}/${QUERY_RUNS}`);
    }
    const results = views.map((v) => {
      const sorted = times.get(v.name)!.sort((a, b) => a - b);
      const ms = (p: number) => (sorted.length ? percentile(sorted, p) : null);
      const failed = failures.get(v.name);
      return {
        name: v.name, label: v.label, firstMs: first.get(v.name) ?? null, p50Ms: ms(50), p95Ms: ms(95), maxMs: ms(100),
        failed: failed?.count ?? 0, error: failed?.error ?? null,
      };
    });
    const fmt = (x: number | null) => (x === null ? '-' : x.toFixed(0));
    for (const r of results) {
      log(
        `store: ${r.label}: p50 ${fmt(r.p50Ms)} ms, p95 ${fmt(r.p95Ms)} ms (first ${fmt(r.firstMs)} ms)` +
          (r.failed ? `; ${r.failed}/${QUERY_RUNS} failed` : ''),
      );
    }
    // Five different views asked at once (a user's pages and a colleague's):
    // each one's time to its answer, the slowest of the five per round.
    const together = ['processesComm', 'processPage', 'filesFile', 'eventsPathGlob', 'rateHourComm'].map(
      (n) => views.find((v) => v.name === n)!,
    );
    const concurrentMs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      const each = await Promise.all(together.map((v) => v.run(i + 1).then(() => performance.now() - t, () => Infinity)));
      concurrentMs.push(Math.max(...each));
    }
    log(`store: five views at once (${together.map((v) => v.name).join(', ')}): the slowest ${concurrentMs.map((x) => x.toFixed(0)).join(', ')} ms`);
    const mem = memoryMb();
    await store.upkeep(now);
    const { events, bytes: statusBytes } = store.status;
    await store.close();
    const bytes = diskBytes(file);
    return {
      events,
      fillSeconds,
      fillRowsPerSec: Math.round(EVENTS / fillSeconds),
      mix: { comms: w.comms.length, pids: w.pidsOf.flat().length, failedShare: 0.05 },
      runs: QUERY_RUNS,
      queries: results,
      concurrent: { views: together.map((v) => v.name), maxMs: concurrentMs },
      diskBytes: bytes,
      statusBytes,
      bytesPerEvent: bytes / events,
      statusBytesPerEvent: statusBytes / events,
      rssMb: mem.rss,
      peakRssMb: mem.peak,
    };
  } finally {
    await store.close();
  }
}

try {
  const t0 = performance.now();
  const ing = await ingest();
  log(
    `store: ingest ${(ing.rowsPerSec / 1e6).toFixed(2)}M rows/s (median ${(ing.rowsPerSecMedian / 1e6).toFixed(2)}M), ` +
      `parse only ${(ing.parseOnlyPerSec / 1e6).toFixed(2)}M/s; CPU per 100k events ${ing.cpuPer100k.toFixed(3)} s ` +
      `(${ing.cpuPer100kParseOnly.toFixed(3)} s without the store); ` +
      (ing.vsKernel === null ? 'no ingest phase: no kernel rate to compare with' : `${ing.vsKernel.toFixed(1)}x the kernel's ${ing.kernelLinesPerSec} lines/s`) +
      `; peak RSS ${memoryMb().peak.toFixed(0)} MB`,
  );
  const ingestPeakMb = memoryMb().peak;
  resetPeak();
  const q = await queries();
  writePhase('store', {
    ingest: { ...ing, peakRssMb: ingestPeakMb },
    ...q,
    memoryLimitMb: STORE_DEFAULTS.memoryLimitMb,
    seconds: (performance.now() - t0) / 1000,
  });
  log(
    `store: ${q.bytesPerEvent.toFixed(1)} B/event on disk (${(q.diskBytes / 1e6).toFixed(0)} MB), ` +
      `RSS after the queries ${q.rssMb.toFixed(0)} MB (peak ${q.peakRssMb.toFixed(0)} MB); ${((performance.now() - t0) / 1000).toFixed(0)} s in all`,
  );
} finally {
  cleanup();
}

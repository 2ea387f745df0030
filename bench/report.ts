/**
 * Puts the phases' results together: one table, each figure next to its
 * target, and bench/results/<timestamp>.json with every figure and ratio.
 * Also checks that the run left nothing behind.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BPF_STATS_SYSCTL } from '../server/metrics/bpf-stats';
import { BENCH_DIR } from './lib/proc';
import { readPhase, runDir } from './lib/results';
import { bufferSizeText } from './lib/tracefs';

const stamp = process.argv[2] ?? new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, 'Z');

const ingest = readPhase<any>('ingest');
const parser = readPhase<any>('parser');
const latency = readPhase<any>('latency');
const memory = readPhase<any>('memory');
const browser = readPhase<any>('browser');
const store = readPhase<any>('store');
const replay = readPhase<any>('replay');

const TARGETS = {
  dashboardVsArticle: 1.0,
  // Per open, the dashboard's tracing costs at most 1.5x the article's,
  // and opensnoop's at least 3x the dashboard's.
  overheadVsArticle: 1.5,
  opensnoopVsDashboard: 3,
  lostErrorShare: 0.01,
  parserLinesPerSec: 3_000_000,
  parserVsKernel: 8,
  p99MsAt10k: 250,
  // 50k opens/s for 60 s: nearly all delivered, and the API prompt meanwhile.
  sustainedDelivered: 0.999,
  healthP99Ms: 100,
  rssMaxMb: 250,
  // "Flat": the lows of the last third of the run within 10% of the
  // 250 MB budget of those of the first third.
  rssLowsGrowthMb: 25,
  longTaskMaxMs: 100,
  // While idle, no long task at all (none over 50 ms).
  idleLongTasks: 0,
  storeVsKernel: 5,
  storeQueryP95Ms: 200,
  storeConcurrentMs: 1000,
  storeBytesPerEvent: 30,
  // 10M events replayed at --speed 0, stored.
  replaySeconds: 60,
};

/** Processes of ours still running (by pid and program, as the phases
 *  noted them), our BPF program, the trace buffer not as it was. */
function leftovers(): string[] {
  const found: string[] = [];
  let spawned = '';
  try {
    spawned = fs.readFileSync(path.join(runDir, 'spawned.txt'), 'utf8');
  } catch {}
  for (const entry of spawned.split('\n').filter(Boolean)) {
    const [pid, cmd] = entry.split(' ', 2) as [string, string];
    let now = '';
    try {
      now = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0]!;
    } catch {
      continue; // gone
    }
    if (now === cmd || now === path.basename(cmd)) found.push(`process ${pid} (${cmd}) still runs`);
  }
  const progs = JSON.parse(execFileSync('bpftool', ['-j', 'prog', 'show'], { encoding: 'utf8' })) as { name?: string }[];
  for (const name of ['article_openat', 'article_kprobe']) {
    if (progs.some((p) => p.name === name)) found.push(`BPF program ${name} still loaded`);
  }
  const before = process.env.BENCH_BUFFER_BEFORE;
  const now = bufferSizeText();
  if (before !== undefined && before !== now) found.push(`buffer_size_kb is "${now}", was "${before}"`);
  const statsBefore = process.env.BENCH_BPF_STATS_BEFORE;
  const statsNow = fs.readFileSync(BPF_STATS_SYSCTL, 'utf8').trim();
  if (statsBefore !== undefined && statsBefore !== statsNow) found.push(`kernel.bpf_stats_enabled is ${statsNow}, was ${statsBefore}`);
  return found;
}

const m2 = (x: number) => x.toFixed(1);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const k = (x: number) => `${Math.round(x / 1000)}k`;
const mark = (ok: boolean) => (ok ? 'met' : 'MISSED');
const rows: string[][] = [];
const row = (...cells: string[]) => rows.push(cells);

const checks: Record<string, boolean> = {};
if (ingest) {
  const { untraced, article: a, bpftrace: bt, dashboard: d, opensnoop: os } = ingest;
  row(`Ingest: ${ingest.n} openat calls x ${ingest.rounds} rounds, interleaved; trace buffer ${ingest.bufferKb} KB/CPU; medians`);
  row('  untraced', `${k(untraced.rate)} opens/s, ${untraced.usPerOpen.toFixed(2)} us per open`);
  const way = (label: string, w: any, extra = '') =>
    row(
      label,
      `${pct(w.share)} delivered, ${k(w.rate)} opens/s (${pct(w.rateVsUntraced)}), +${w.overheadUs.toFixed(2)} us per open${extra}`,
    );
  way('  article (bpf_printk + cat trace_pipe)', a);
  way('  bpftrace printf', bt, `, says lost ${bt.reportedLost}`);
  way('  dashboard (full event)', d);
  way('  opensnoop (libbpf-tools, -T -U -e)', os, `, says lost ${os.reportedLost}`);
  checks.overheadVsArticle = ingest.overheadDashboardVsArticle <= TARGETS.overheadVsArticle;
  row(
    '  dashboard / article, overhead per open',
    ingest.overheadDashboardVsArticle.toFixed(2),
    `<= ${TARGETS.overheadVsArticle}`,
    mark(checks.overheadVsArticle),
  );
  checks.opensnoopVsDashboard = ingest.overheadOpensnoopVsDashboard >= TARGETS.opensnoopVsDashboard;
  row(
    '  opensnoop / dashboard, overhead per open',
    ingest.overheadOpensnoopVsDashboard.toFixed(2),
    `>= ${TARGETS.opensnoopVsDashboard}`,
    mark(checks.opensnoopVsDashboard),
  );
  // The programs that run once per open or more; exec and fork stay in the JSON.
  const perOpen = (w: any) =>
    Object.entries(w.programs as Record<string, { runs: number; nsPerRun: number }>)
      .filter(([, p]) => p.runs >= (ingest.n * ingest.rounds) / 2)
      .map(([name, p]) => `${name} ${Math.round(p.nsPerRun)}`)
      .join(', ');
  for (const [label, w] of [['article', a], ['bpftrace', bt], ['dashboard', d], ['opensnoop', os]] as const) {
    row(`  BPF ns per run, ${label}`, perOpen(w));
  }
  const cpu = (w: any) => `${w.readerCpuSPer100k.toFixed(2)} s`;
  row("  backend's CPU per 100k events", cpu(d));
  row("  other readers' CPU per 100k events", `cat ${cpu(a)}, bpftrace ${cpu(bt)}, opensnoop ${cpu(os)}`);
  checks.dashboardVsArticle = ingest.dashboardVsArticle >= TARGETS.dashboardVsArticle;
  row('  dashboard / article delivered', ingest.dashboardVsArticle.toFixed(3), `>= ${TARGETS.dashboardVsArticle}`, mark(checks.dashboardVsArticle));
  checks.lostError = d.lostError <= TARGETS.lostErrorShare;
  row('  reported vs true loss', `${d.reportedLost} vs ${d.trueLost}: ${pct(d.lostError)} of N`, `<= ${pct(TARGETS.lostErrorShare)}`, mark(checks.lostError));
}
if (parser) {
  row(`Parser: ${parser.lines} real lines (${parser.kinds.event} events, ${parser.kinds.foreign} foreign, ${parser.kinds.lost} LOST, ${parser.kinds.unparsed} split), one core`);
  checks.parserRate = parser.parseLine >= TARGETS.parserLinesPerSec;
  const m = (x: number) => `${(x / 1e6).toFixed(2)}M`;
  row(
    `  parseLine (best of ${parser.rounds})`,
    `${m(parser.parseLine)} lines/s (median ${m(parser.parseLineMedian)})`,
    `>= ${TARGETS.parserLinesPerSec / 1e6}M`,
    mark(checks.parserRate),
  );
  row('  regex baseline', `${m(parser.regexBaseline)} lines/s (median ${m(parser.regexBaselineMedian)}); parseLine ${parser.vsBaseline.toFixed(1)}x`);
  if (ingest) {
    const vsKernel = parser.parseLine / ingest.maxKernelLinesPerSec;
    checks.parserVsKernel = vsKernel >= TARGETS.parserVsKernel;
    const vsOurs = parser.parseLine / ingest.dashboard.rate;
    row(
      "  vs the kernel's max line rate",
      `${vsKernel.toFixed(1)}x of ${k(ingest.maxKernelLinesPerSec)} lines/s (${vsOurs.toFixed(1)}x of ours: ${k(ingest.dashboard.rate)})`,
      `>= ${TARGETS.parserVsKernel}x`,
      mark(checks.parserVsKernel),
    );
  }
  row(`  line splitter (best of ${parser.rounds})`, `${m(parser.splitterLinesPerSec)} lines/s`);
}
if (store) {
  const si = store.ingest;
  const m = (x: number) => `${(x / 1e6).toFixed(2)}M`;
  const source = si.source === 'captured' ? 'real' : 'synthetic (no capture)';
  row(`Store: DuckDB file, one core; ingest of ${si.lines} ${source} lines (${si.events} events), queries over ${(store.events / 1e6).toFixed(1)}M events`);
  row(`  parse + store, to the end of flush (best of ${si.rounds})`, `${m(si.rowsPerSec)} rows/s (median ${m(si.rowsPerSecMedian)}); parse alone ${m(si.parseOnlyPerSec)}/s`);
  if (si.vsKernel !== null) {
    checks.storeVsKernel = si.vsKernel >= TARGETS.storeVsKernel;
    row("  vs the kernel's max line rate", `${si.vsKernel.toFixed(1)}x of ${k(si.kernelLinesPerSec)} lines/s`, `>= ${TARGETS.storeVsKernel}x`, mark(checks.storeVsKernel));
  }
  row(
    '  CPU per 100k events',
    `${si.cpuPer100k.toFixed(2)} s with the store, ${si.cpuPer100kParseOnly.toFixed(2)} s without (+${(si.cpuPer100k - si.cpuPer100kParseOnly).toFixed(2)} s)`,
  );
  // A run the store refused (its memory limit) counts against the target.
  for (const q of store.queries) {
    const met = q.failed === 0 && q.p95Ms !== null && q.p95Ms <= TARGETS.storeQueryP95Ms;
    checks.storeQueries = (checks.storeQueries ?? true) && met;
    const times = q.p95Ms === null ? 'no answer' : `p50 ${q.p50Ms.toFixed(0)} ms, p95 ${q.p95Ms.toFixed(0)} ms`;
    const failed = q.failed ? `; ${q.failed}/${store.runs} failed (${q.error.split(':')[0]})` : '';
    row(`  ${q.label}`, times + failed, `p95 <= ${TARGETS.storeQueryP95Ms} ms`, mark(met));
  }
  if (store.concurrent) {
    const slowest = Math.max(...store.concurrent.maxMs);
    checks.storeConcurrent = slowest <= TARGETS.storeConcurrentMs;
    row(
      `  five views at once (${store.concurrent.views.join(', ')}), the slowest`,
      `${store.concurrent.maxMs.map((x: number) => x.toFixed(0)).join(', ')} ms`,
      `<= ${TARGETS.storeConcurrentMs} ms`,
      mark(checks.storeConcurrent),
    );
  }
  checks.storeBytesPerEvent = store.bytesPerEvent <= TARGETS.storeBytesPerEvent;
  row(
    '  disk per event',
    `${store.bytesPerEvent.toFixed(1)} B (${(store.diskBytes / 1e6).toFixed(0)} MB file; status.bytes ${store.statusBytesPerEvent.toFixed(1)} B); the ingest's ${si.source} lines ${si.bytesPerEvent.toFixed(1)} B`,
    `<= ${TARGETS.storeBytesPerEvent} B`,
    mark(checks.storeBytesPerEvent),
  );
  row(
    '  RSS after the queries',
    `${store.rssMb.toFixed(0)} MB; peak ${store.peakRssMb.toFixed(0)} MB filling and querying, ${si.peakRssMb.toFixed(0)} MB in the ingest (DuckDB's limit ${store.memoryLimitMb} MB)`,
  );
}
if (replay) {
  checks.replay = replay.seconds <= TARGETS.replaySeconds * (replay.events / 10_000_000);
  row(
    `Replay: ${(replay.events / 1e6).toFixed(1)}M events of a recording at --speed 0 into a file store`,
    `${replay.seconds.toFixed(1)} s (${Math.round(replay.eventsPerSec / 1000)}k events/s), ${replay.cpuUsPerEvent.toFixed(2)} µs of backend CPU an event`,
    `<= ${TARGETS.replaySeconds} s for 10M`,
    mark(checks.replay),
  );
}
if (latency) {
  row(`Latency: openat to WebSocket client, ${latency.seconds} s per rate`);
  for (const r of latency.rates) {
    const at10k = r.rate === 10_000;
    if (at10k) checks.latency = r.p99Ms <= TARGETS.p99MsAt10k;
    row(
      `  ${k(r.rate)}/s`,
      `p50 ${r.p50Ms.toFixed(0)} ms, p99 ${r.p99Ms.toFixed(0)} ms; ${r.received} received, ${r.omitted} omitted; /api/health p99 ${r.healthP99Ms?.toFixed(0) ?? '?'} ms`,
      at10k ? `p99 <= ${TARGETS.p99MsAt10k} ms` : '',
      at10k ? mark(checks.latency!) : '',
    );
  }
  const s = latency.sustained;
  if (s) {
    const share = s.delivered / s.opens;
    checks.sustainedDelivered = share >= TARGETS.sustainedDelivered;
    checks.healthP99 = s.healthP99Ms <= TARGETS.healthP99Ms;
    row(
      `  sustained ${k(s.rate)}/s, ${s.seconds} s`,
      `${s.delivered} of ${s.opens} delivered (${(share * 100).toFixed(2)}%), ${s.lost} lost`,
      `>= ${TARGETS.sustainedDelivered * 100}%`,
      mark(checks.sustainedDelivered),
    );
    row(
      '  /api/health meanwhile',
      `p50 ${s.healthP50Ms.toFixed(0)} ms, p99 ${s.healthP99Ms.toFixed(0)} ms, max ${s.healthMaxMs.toFixed(0)} ms (${s.healthN} asked)`,
      `p99 <= ${TARGETS.healthP99Ms} ms`,
      mark(checks.healthP99),
    );
  }
}
if (memory) {
  const m = memory.rssMb;
  checks.rssMax = m.max < TARGETS.rssMaxMb;
  checks.rssFlat = m.lowsGrowth < TARGETS.rssLowsGrowthMb;
  row(`Memory: backend RSS over ${memory.seconds} s at full rate (${memory.bursts} bursts, ${(memory.opens / 1e6).toFixed(1)}M opens), one reading + one stalled client`);
  row('  RSS min / max / last', `${m.min.toFixed(0)} / ${m.max.toFixed(0)} / ${m.last.toFixed(0)} MB`, `max < ${TARGETS.rssMaxMb} MB`, mark(checks.rssMax));
  const st = memory.stalledBacklog;
  row(
    '  stalled client',
    `${m2(st.mb)} MB queued for it in ${st.messages} updates (${st.withEvents} with events)` +
      (st.closedByServer === undefined ? '; still connected' : `; dropped by the server (close ${st.closedByServer})`),
  );
  row(
    '  growth of the lows, first to last third',
    `${m.lowsGrowth.toFixed(0)} MB (slope of the 10 s lows ${m.floorSlopePerMin.toFixed(1)} MB/min)`,
    `< ${TARGETS.rssLowsGrowthMb} MB`,
    mark(checks.rssFlat),
  );
}
if (browser) {
  const tasks = (t: { longTasks: number; over100Ms: number; longestMs: number }) =>
    `${t.longTasks} over 50 ms, ${t.over100Ms} over 100 ms, longest ${t.longestMs.toFixed(0)} ms`;
  checks.longTasks = browser.longestMs <= TARGETS.longTaskMaxMs;
  checks.idleLongTasks = browser.idle.longTasks <= TARGETS.idleLongTasks;
  checks.pageLoadLongTasks = browser.pageLoad.longestMs <= TARGETS.longTaskMaxMs;
  row('Browser: the dashboard in Chromium, main-thread long tasks');
  row(`  at ${k(browser.achievedRate)} opens/s for ${browser.seconds} s`, tasks(browser), `none over ${TARGETS.longTaskMaxMs} ms`, mark(checks.longTasks));
  row(`  idle, ${browser.idle.seconds.toFixed(0)} s`, tasks(browser.idle), 'none over 50 ms', mark(checks.idleLongTasks));
  row('  page load', tasks(browser.pageLoad), `none over ${TARGETS.longTaskMaxMs} ms`, mark(checks.pageLoadLongTasks));
  const floor: { over100Ms: number; longestMs: number }[] = browser.floorPageLoads;
  const longest = floor.map((l) => l.longestMs);
  row(
    `  page load of a Next.js page with nothing in it (the floor, ${floor.length} loads)`,
    `longest ${Math.min(...longest).toFixed(0)}-${Math.max(...longest).toFixed(0)} ms, ` +
      `over 100 ms in ${floor.filter((l) => l.over100Ms > 0).length} of ${floor.length}`,
  );
  const cpu = (c: { rendererCpuPerS: number; backendCpuPerS: number }) =>
    `${c.rendererCpuPerS.toFixed(2)} (the backend ${c.backendCpuPerS.toFixed(2)})`;
  row('  renderers\' CPU s per s, under load', cpu(browser));
  row('  renderers\' CPU s per s, idle', cpu(browser.idle));
  row(
    '  Pause click under load, input to paint',
    browser.pauseClickMs > 0 ? `${browser.pauseClickMs.toFixed(0)} ms` : `under ${browser.eventTimingMinMs} ms`,
  );
}

const missingPhases = ['ingest', 'parser', 'store', 'replay', 'latency', 'memory', 'browser'].filter((p) => !readPhase(p));
const left = leftovers();
const machine = {
  cores: os.cpus().length,
  cpu: os.cpus()[0]?.model ?? '?',
  kernel: os.release(),
  node: process.version,
  date: new Date().toISOString(),
  commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim(),
  loadavgBefore: process.env.BENCH_LOADAVG_BEFORE ?? null,
  loadavgAfter: fs.readFileSync('/proc/loadavg', 'utf8').trim(),
};

// Headings (one cell) stand alone; the figures line up under each other.
const table = rows.filter((r) => r.length > 1);
const widths = [0, 1, 2, 3].map((i) => Math.max(...table.map((r) => (r[i] ?? '').length)));
const out = [
  `ebpf-dash benchmarks, ${machine.date}: ${machine.cores} cores (${machine.cpu}), kernel ${machine.kernel}, node ${machine.node}, commit ${machine.commit}`,
  `load average before: ${machine.loadavgBefore ?? '?'}; after: ${machine.loadavgAfter}`,
  '',
  ...rows.map((r) => (r.length === 1 ? r[0]! : r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd())),
  '',
  missingPhases.length ? `phases that did not finish: ${missingPhases.join(', ')}` : 'all phases finished',
  left.length ? `LEFT BEHIND:\n  ${left.join('\n  ')}` : 'clean: no backend, bpftrace, opensnoop, cat, loader or BPF program of ours left, trace buffer and kernel.bpf_stats_enabled as before',
];
process.stdout.write(out.join('\n') + '\n');

const file = path.join(BENCH_DIR, 'results', `${stamp}.json`);
fs.mkdirSync(path.dirname(file), { recursive: true });
fs.writeFileSync(
  file,
  JSON.stringify({ machine, targets: TARGETS, met: checks, ingest, parser, store, replay, latency, memory, browser, missingPhases, leftovers: left }, null, 2) + '\n',
);
process.stdout.write(`results: ${path.relative(process.cwd(), file)}\n`);
if (left.length || missingPhases.length) process.exitCode = 1;

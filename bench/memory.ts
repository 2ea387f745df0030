/**
 * Memory: the backend's RSS, sampled each second, while generators run
 * back to back at full speed (a new process every burst, as on a busy
 * machine), with one WebSocket client reading and one that stopped
 * reading (its socket paused: the server's sends back up).
 */
import fs from 'node:fs';
import { startBench } from './lib/backend';
import { BURST_PATH, runGenerator, settle, sleep } from './lib/proc';
import { log, writePhase } from './lib/results';

const PORT = Number(process.env.BENCH_PORT ?? 7301) + 2;
const SOAK_S = Number(process.env.BENCH_SOAK_SECONDS ?? 60);
// Seconds left out of the slope: buffers and JIT settle first.
const WARMUP_S = Math.min(10, Math.floor(SOAK_S / 4));

function rssMb(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** The lowest RSS of each 10 s window: what stays after the collector has
 *  run. The highs are garbage not yet collected and swing by 100 MB. */
function floors(points: { t: number; mb: number }[]): { t: number; mb: number }[] {
  const byWindow = new Map<number, { t: number; mb: number }>();
  for (const p of points) {
    const w = Math.floor(p.t / 10);
    const low = byWindow.get(w);
    if (!low || p.mb < low.mb) byWindow.set(w, p);
  }
  return [...byWindow.values()];
}

/** Least-squares slope, MB per minute. */
function slopePerMin(points: { t: number; mb: number }[]): number {
  const n = points.length;
  if (n < 2) return NaN;
  const mt = points.reduce((a, p) => a + p.t, 0) / n;
  const mm = points.reduce((a, p) => a + p.mb, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.t - mt) * (p.mb - mm);
    den += (p.t - mt) ** 2;
  }
  return (num / den) * 60;
}

const b = await startBench('the memory run', PORT);
const samples: { t: number; mb: number; lines: number }[] = [];
let received = 0;
let omitted = 0;
let bursts = 0;
let opens = 0;
let stalledBacklog: { mb: number; messages: number; withEvents: number; closedByServer?: number } = {
  mb: NaN,
  messages: 0,
  withEvents: 0,
};
try {
  const reader = await b.connect();
  reader.on('message', (data) => {
    const msg = JSON.parse(data.toString()) as { type: string; events?: unknown[]; omitted?: number };
    if (msg.type !== 'update') return;
    received += msg.events!.length;
    omitted += msg.omitted!;
  });
  const stalled = await b.connect();
  stalled.pause();
  // A client that does not read cannot answer pings either: the server may
  // drop it. Seen here once it reads again.
  stalled.on('close', (code) => (stalledBacklog.closedByServer ??= code));

  log(`memory: ${SOAK_S} s of back-to-back bursts, one reading client, one stalled`);
  const t0 = performance.now();
  const elapsed = () => (performance.now() - t0) / 1000;
  let running = true;
  const load = (async () => {
    while (running) {
      const r = await runGenerator(['burst', '200000', BURST_PATH]);
      bursts++;
      opens += r.opens;
    }
  })();
  while (elapsed() < SOAK_S) {
    samples.push({ t: elapsed(), mb: rssMb(b.pid), lines: (await b.health()).counts.lines });
    await sleep(1000 - ((performance.now() - t0) % 1000));
  }
  running = false;
  await load;
  // What the server queued for the stalled client: let it read, and count
  // until the backlog is drained (the updates that go on are small).
  let bytes = 0;
  let messages = 0;
  let withEvents = 0;
  stalled.on('message', (data: Buffer) => {
    bytes += data.length;
    messages++;
    if ((JSON.parse(data.toString()) as { events?: unknown[] }).events?.length) withEvents++;
  });
  stalled.resume();
  await settle(() => bytes, 2000);
  stalledBacklog = { ...stalledBacklog, mb: bytes / 2 ** 20, messages, withEvents };
  reader.close();
  stalled.terminate();
} finally {
  await b.stop();
}

const mbs = samples.map((s) => s.mb);
const settled = samples.filter((s) => s.t >= WARMUP_S);
// Growth that stays: the lowest RSS of the last third against that of the
// first (after warm-up). Each third spans several collections.
const third = (SOAK_S - WARMUP_S) / 3;
const low = (from: number, to: number) => Math.min(...settled.filter((s) => s.t >= from && s.t < to).map((s) => s.mb));
const result = {
  seconds: SOAK_S,
  bursts,
  opens,
  linesRead: samples.at(-1)?.lines ?? 0,
  rssMb: {
    min: Math.min(...mbs),
    max: Math.max(...mbs),
    last: mbs.at(-1) ?? NaN,
    slopePerMin: slopePerMin(settled),
    floorSlopePerMin: slopePerMin(floors(settled)),
    lowsGrowth: low(SOAK_S - third, Infinity) - low(WARMUP_S, WARMUP_S + third),
  },
  readingClient: { received, omitted },
  stalledBacklog,
  samples: samples.map((s) => [Math.round(s.t), Math.round(s.mb * 10) / 10]),
};
writePhase('memory', result);
log(
  `memory: RSS min ${result.rssMb.min.toFixed(0)} max ${result.rssMb.max.toFixed(0)} last ${result.rssMb.last.toFixed(0)} MB, ` +
    `lows grew ${result.rssMb.lowsGrowth.toFixed(1)} MB (first to last third), slope of the 10 s lows ${result.rssMb.floorSlopePerMin.toFixed(2)} MB/min; ` +
    `${stalledBacklog.mb.toFixed(1)} MB in ${stalledBacklog.messages} messages were queued for the stalled client` +
    (stalledBacklog.closedByServer === undefined ? '' : `, which the server had closed (${stalledBacklog.closedByServer})`),
);

/**
 * Latency: openat in the kernel to the event arriving at a WebSocket
 * client. The paced generator opens DIR/<ns>, <ns> being CLOCK_MONOTONIC
 * just before the call; the client stamps each update on arrival with
 * process.hrtime (CLOCK_MONOTONIC too) and subtracts. Meanwhile
 * /api/health is asked every HEALTH_EVERY_MS, timed, to show whether the
 * backend still answers promptly under that load; then a sustained run
 * (50k opens/s for BENCH_SUSTAINED_SECONDS, default 60) counts what was
 * delivered and times /api/health the same way.
 */
import type { UpdateMessage } from '../protocol/messages';
import { startBench } from './lib/backend';
import { runGenerator, sleep } from './lib/proc';
import { log, percentile, writePhase } from './lib/results';

const PORT = Number(process.env.BENCH_PORT ?? 7301) + 1;
const RATES = (process.env.BENCH_LATENCY_RATES ?? '1000,10000,50000').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 5);
// Never created: each open fails with ENOENT, which is traced all the same.
const DIR = '/tmp/odash-bench-latency';
const HEALTH_EVERY_MS = 100;
const SUSTAINED_RATE = 50_000;
const SUSTAINED_SECONDS = Number(process.env.BENCH_SUSTAINED_SECONDS ?? 60);

const b = await startBench('the latency run', PORT);

/** Times /api/health every HEALTH_EVERY_MS until stop() (p50, p99, max in ms). */
function timeHealth() {
  const ms: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const t0 = performance.now();
      await b.health();
      ms.push(performance.now() - t0);
      await sleep(HEALTH_EVERY_MS);
    }
  })();
  return async () => {
    running = false;
    await loop;
    const sorted = ms.sort((x, y) => x - y);
    return { healthN: sorted.length, healthP50Ms: percentile(sorted, 50), healthP99Ms: percentile(sorted, 99), healthMaxMs: sorted.at(-1) ?? NaN };
  };
}

const results = [];
let sustained;
try {
  const ws = await b.connect();
  ws.send(JSON.stringify({ type: 'filter', filter: { comm: 'odash-burst' }, id: 1 }));
  let collecting = false;
  let latencies: number[] = [];
  let omitted = 0;
  ws.on('message', (data) => {
    const arrived = Number(process.hrtime.bigint());
    if (!collecting) return;
    const msg = JSON.parse(data.toString()) as UpdateMessage;
    if (msg.type !== 'update') return;
    omitted += msg.omitted;
    for (const e of msg.events) {
      if (!e.path.startsWith(DIR + '/')) continue;
      latencies.push((arrived - Number(e.path.slice(DIR.length + 1))) / 1e6);
    }
  });
  await sleep(500); // the filter is in force
  for (const rate of RATES) {
    log(`latency: ${rate} opens/s for ${SECONDS} s`);
    latencies = [];
    omitted = 0;
    collecting = true;
    const health = timeHealth();
    const gen = await runGenerator(['paced', String(rate), String(SECONDS), DIR]);
    const healthMs = await health();
    await sleep(1500); // the last batches arrive
    collecting = false;
    const sorted = [...latencies].sort((x, y) => x - y);
    results.push({
      rate,
      achievedRate: Math.round(gen.rate),
      opens: gen.opens,
      received: latencies.length,
      omitted,
      p50Ms: percentile(sorted, 50),
      p99Ms: percentile(sorted, 99),
      maxMs: sorted.at(-1) ?? NaN,
      ...healthMs,
    });
    const r = results.at(-1)!;
    log(`latency: ${rate}/s: p50 ${r.p50Ms.toFixed(1)} ms, p99 ${r.p99Ms.toFixed(1)} ms; ${r.received} received, ${r.omitted} omitted; /api/health p99 ${r.healthP99Ms.toFixed(1)} ms`);
  }
  ws.close();

  log(`latency: sustained, ${SUSTAINED_RATE} opens/s for ${SUSTAINED_SECONDS} s`);
  const lostBefore = (await b.health()).counts.lost;
  const health = timeHealth();
  const gen = await runGenerator(['paced', String(SUSTAINED_RATE), String(SUSTAINED_SECONDS), DIR]);
  const healthMs = await health();
  // Delivered: the generator's own opens in the store, once they stop growing.
  const delivered = await settled(gen.pid);
  sustained = {
    rate: SUSTAINED_RATE, seconds: SUSTAINED_SECONDS, opens: gen.opens, achievedRate: Math.round(gen.rate),
    delivered, lost: (await b.health()).counts.lost - lostBefore, ...healthMs,
  };
  log(`latency: sustained: ${sustained.delivered} of ${gen.opens} delivered, ${sustained.lost} lost; /api/health p99 ${healthMs.healthP99Ms.toFixed(1)} ms`);
} finally {
  await b.stop();
}
writePhase('latency', { seconds: SECONDS, rates: results, sustained });

/** The opens stored for this pid, once the spool is empty and they stop
 *  growing (the machine's other opens go on meanwhile). */
async function settled(pid: number): Promise<number> {
  let last = -1;
  for (;;) {
    const spooled = (await b.health()).counts.spooled;
    const opens = (await b.processes()).find((p) => p.pid === pid)?.opens ?? 0;
    if (spooled === 0 && opens === last) return opens;
    last = opens;
    await sleep(1000);
  }
}

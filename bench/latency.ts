/**
 * Latency: openat in the kernel to the event arriving at a WebSocket
 * client. The paced generator opens DIR/<ns>, <ns> being CLOCK_MONOTONIC
 * just before the call; the client stamps each update on arrival with
 * process.hrtime (CLOCK_MONOTONIC too) and subtracts.
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

const b = await startBench('the latency run', PORT);
const results = [];
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
    const gen = await runGenerator(['paced', String(rate), String(SECONDS), DIR]);
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
    });
    const r = results.at(-1)!;
    log(`latency: ${rate}/s: p50 ${r.p50Ms.toFixed(1)} ms, p99 ${r.p99Ms.toFixed(1)} ms; ${r.received} received, ${r.omitted} omitted`);
  }
  ws.close();
} finally {
  await b.stop();
}
writePhase('latency', { seconds: SECONDS, rates: results });

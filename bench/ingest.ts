/**
 * Ingest, the headline: the same burst of N openat calls, traced three
 * ways one after another, and once untraced.
 *   article:   one bpf_printk per openat, `cat trace_pipe > file`
 *   bpftrace:  printf from the sys_enter_openat tracepoint
 *   dashboard: the real backend; delivered = the generator's opens in
 *              /api/processes, and its reported loss against the true one
 */
import fs from 'node:fs';
import path from 'node:path';
import { drainPipe } from '../server/trace/pipe-reader';
import { BUFFER_KB, startBench } from './lib/backend';
import {
  ARTICLE_LOADER, BURST_PATH, fileSize, runGenerator, settle, sleep, spawnTracked, stop, waitForLine,
  type GeneratorResult,
} from './lib/proc';
import { log, runDir, writePhase } from './lib/results';
import { catTracePipe, kernelLoss, TRACE_PIPE, waitForTracePipe, withBuffer } from './lib/tracefs';

const N = Number(process.env.BENCH_N ?? 200_000);
const PORT = Number(process.env.BENCH_PORT ?? 7301);
const burst = () => runGenerator(['burst', String(N), BURST_PATH]);

/** Lines of a file that end with suffix (the generator's own lines). */
function countLines(file: string, suffix: string): { matching: number; text: string } {
  const text = fs.readFileSync(file, 'latin1');
  let matching = 0;
  for (const line of text.split('\n')) if (line.endsWith(suffix)) matching++;
  return { matching, text };
}

async function untraced(): Promise<GeneratorResult> {
  log(`untraced: ${N} opens`);
  return burst();
}

async function article() {
  await waitForTracePipe('the article run (cat trace_pipe)');
  log('article: bpf_printk per openat, cat trace_pipe > file');
  return withBuffer(BUFFER_KB, async () => {
    drainPipe(TRACE_PIPE); // stale lines are not this run's
    const loss0 = await kernelLoss();
    const file = path.join(runDir, 'article-trace.txt');
    const loader = spawnTracked(ARTICLE_LOADER, []);
    const cat = await catTracePipe(file).catch(async (err) => {
      await stop(loader);
      throw err;
    });
    try {
      await waitForLine(loader, /^ready$/, 'the article loader');
      const gen = await burst();
      await settle(() => fileSize(file));
      await stop(loader);
      const lost = (await kernelLoss()) - loss0;
      await stop(cat);
      const { matching } = countLines(file, `: bpf_trace_printk: process=odash-burst pid=${gen.pid}`);
      return { gen, delivered: matching, kernelLost: lost, traceFile: file };
    } finally {
      await stop(loader);
      await stop(cat);
    }
  });
}

const BPFTRACE_PROGRAM =
  'tracepoint:syscalls:sys_enter_openat /comm == "odash-burst"/ { printf("%s %d %s\\n", comm, pid, str(args->filename)); }';

async function bpftrace() {
  log('bpftrace: printf from sys_enter_openat, filtered on comm');
  const file = path.join(runDir, 'bpftrace.txt');
  const fd = fs.openSync(file, 'w');
  const bt = spawnTracked('bpftrace', ['-e', BPFTRACE_PROGRAM], { stdio: ['ignore', fd, 'pipe'] });
  fs.closeSync(fd);
  try {
    const deadline = Date.now() + 60_000;
    while (!fs.readFileSync(file, 'utf8').startsWith('Attaching')) {
      if (bt.exitCode !== null || Date.now() > deadline) throw new Error('bpftrace did not attach');
      await sleep(50);
    }
    const gen = await burst();
    await settle(() => fileSize(file));
    await stop(bt, 'SIGINT');
    const { matching, text } = countLines(file, `odash-burst ${gen.pid} ${BURST_PATH}`);
    // bpftrace says what its perf buffer dropped: "Lost N events".
    let reportedLost = 0;
    for (const m of text.matchAll(/^Lost (\d+) events$/gm)) reportedLost += Number(m[1]);
    fs.rmSync(file);
    return { gen, delivered: matching, reportedLost };
  } finally {
    await stop(bt, 'SIGINT');
  }
}

async function dashboard() {
  log('dashboard: the real backend');
  const b = await startBench('the dashboard ingest run', PORT);
  const samples: { t: number; lines: number }[] = [];
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      samples.push({ t: performance.now(), lines: (await b.health()).counts.lines });
      await sleep(200);
    }
  })();
  try {
    const gen = await burst();
    await settle(async () => (await b.health()).counts.lines);
    sampling = false;
    await sampler;
    const counts = (await b.health()).counts;
    const delivered = (await b.processes()).find((p) => p.pid === gen.pid)?.opens ?? 0;
    // The reader's best second: lines read per second over 1 s windows.
    let readerMax = 0;
    for (let i = 0, j = 0; i < samples.length; i++) {
      while (samples[i]!.t - samples[j]!.t > 1000) j++;
      const dt = samples[i]!.t - samples[j]!.t;
      if (dt >= 800) readerMax = Math.max(readerMax, ((samples[i]!.lines - samples[j]!.lines) * 1000) / dt);
    }
    return { gen, delivered, counts, readerMaxLinesPerSec: Math.round(readerMax) };
  } finally {
    sampling = false;
    await sampler;
    await b.stop();
  }
}

const base = await untraced();
const a = await article();
const bt = await bpftrace();
const d = await dashboard();

const share = (x: number) => x / N;
const trueLost = N - d.delivered;
const result = {
  n: N,
  bufferKb: BUFFER_KB,
  untraced: { rate: base.rate, seconds: base.seconds },
  article: {
    delivered: a.delivered, share: share(a.delivered), rate: a.gen.rate, rateVsUntraced: a.gen.rate / base.rate,
    kernelLost: a.kernelLost,
  },
  bpftrace: {
    delivered: bt.delivered, share: share(bt.delivered), rate: bt.gen.rate, rateVsUntraced: bt.gen.rate / base.rate,
    reportedLost: bt.reportedLost,
  },
  dashboard: {
    delivered: d.delivered, share: share(d.delivered), rate: d.gen.rate, rateVsUntraced: d.gen.rate / base.rate,
    reportedLost: d.counts.lost, trueLost, lostError: Math.abs(d.counts.lost - trueLost) / N,
    counts: d.counts, readerMaxLinesPerSec: d.readerMaxLinesPerSec,
  },
  dashboardVsArticle: a.delivered > 0 ? d.delivered / a.delivered : null,
  // One line per open reaches the kernel's buffer: the generator's rate is
  // the rate at which the kernel produced lines.
  maxKernelLinesPerSec: Math.max(a.gen.rate, d.gen.rate),
  articleTraceFile: a.traceFile,
};
writePhase('ingest', result);
log(
  `ingest: untraced ${Math.round(base.rate)}/s; article ${(result.article.share * 100).toFixed(1)}% at ${Math.round(a.gen.rate)}/s; ` +
    `bpftrace ${(result.bpftrace.share * 100).toFixed(1)}% at ${Math.round(bt.gen.rate)}/s; ` +
    `dashboard ${(result.dashboard.share * 100).toFixed(1)}% at ${Math.round(d.gen.rate)}/s, lost reported ${d.counts.lost} vs true ${trueLost}`,
);

/**
 * Ingest, the headline: the same burst of N openat calls, untraced and
 * traced four ways, interleaved in rounds (untraced, article, bpftrace,
 * dashboard, opensnoop, then again), so that a machine that speeds up or
 * slows down weighs on every way alike; each way's figure is its median.
 *   article:   one bpf_printk per openat, `cat trace_pipe > file`
 *   bpftrace:  printf from the sys_enter_openat tracepoint
 *   dashboard: the real backend; delivered = the generator's opens in
 *              /api/processes, and its reported loss against the true one
 *   opensnoop: Debian's libbpf-tools opensnoop (enter/exit tracepoints, a
 *              perf buffer, the full event), `-T -U -e` into a file
 * Per way: the generator's time per open minus the untraced one (what the
 * tracing costs each open), BPF run time per run of each program it loads
 * (kernel.bpf_stats_enabled, on for this phase only), and its reader's CPU
 * time per 100k events delivered.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { drainPipe } from '../server/trace/pipe-reader';
import { BUFFER_KB, othersEvents, startBench } from './lib/backend';
import { cpuSeconds, enableBpfStatsUntilExit, loadedProgramIds, nsPerRun, programRunsSince, type ProgramRuns } from './lib/bpf-stats';
import {
  ARTICLE_LOADER, BURST_PATH, fileSize, runGenerator, settle, sleep, spawnTracked, stop, waitForLine,
  type GeneratorResult,
} from './lib/proc';
import { log, median, runDir, writePhase } from './lib/results';
import { catTracePipe, kernelLoss, TRACE_PIPE, waitForTracePipe, withBuffer } from './lib/tracefs';

const N = Number(process.env.BENCH_N ?? 200_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const PORT = Number(process.env.BENCH_PORT ?? 7301);
const OPENSNOOP = '/usr/sbin/opensnoop';
const burst = () => runGenerator(['burst', String(N), BURST_PATH]);
const usPerOpen = (g: GeneratorResult) => (g.seconds * 1e6) / g.opens;

/** One traced burst, as every way measures it. */
interface Run {
  gen: GeneratorResult;
  delivered: number;
  /** The way's reader (cat, bpftrace, the backend, opensnoop): CPU seconds
   *  from the burst's start until it had read everything. */
  readerCpuS: number;
  programs: ProgramRuns[];
}

/** Lines of a file that match (the generator's own lines). */
function countLines(file: string, matches: (line: string) => boolean): { matching: number; text: string } {
  const text = fs.readFileSync(file, 'latin1');
  let matching = 0;
  for (const line of text.split('\n')) if (matches(line)) matching++;
  return { matching, text };
}

/** The burst, with the reader's CPU over it and the programs loaded
 *  since `before`, read once the reader has caught up. */
async function measured(readerPid: number, before: Set<number>, caughtUp: () => Promise<unknown>) {
  const cpu0 = cpuSeconds(readerPid);
  const gen = await burst();
  await caughtUp();
  return { gen, readerCpuS: cpuSeconds(readerPid) - cpu0, programs: programRunsSince(before) };
}

async function article(): Promise<Run & { kernelLost: number; traceFile: string }> {
  await waitForTracePipe('the article run (cat trace_pipe)');
  return withBuffer(BUFFER_KB, async () => {
    drainPipe(TRACE_PIPE); // stale lines are not this run's
    const loss0 = await kernelLoss();
    const file = path.join(runDir, 'article-trace.txt');
    const before = loadedProgramIds();
    const loader = spawnTracked(ARTICLE_LOADER, []);
    const cat = await catTracePipe(file).catch(async (err) => {
      await stop(loader);
      throw err;
    });
    try {
      await waitForLine(loader, /^ready (kprobe|tracepoint)$/, 'the article loader');
      const m = await measured(cat.pid!, before, () => settle(() => fileSize(file)));
      await stop(loader);
      const lost = (await kernelLoss()) - loss0;
      await stop(cat);
      const suffix = `: bpf_trace_printk: process=odash-burst pid=${m.gen.pid}`;
      const { matching } = countLines(file, (l) => l.endsWith(suffix));
      return { ...m, delivered: matching, kernelLost: lost, traceFile: file };
    } finally {
      await stop(loader);
      await stop(cat);
    }
  });
}

const BPFTRACE_PROGRAM =
  'tracepoint:syscalls:sys_enter_openat /comm == "odash-burst"/ { printf("%s %d %s\\n", comm, pid, str(args->filename)); }';

async function bpftrace(): Promise<Run & { reportedLost: number }> {
  const file = path.join(runDir, 'bpftrace.txt');
  const fd = fs.openSync(file, 'w');
  const before = loadedProgramIds();
  const bt = spawnTracked('bpftrace', ['-e', BPFTRACE_PROGRAM], { stdio: ['ignore', fd, 'pipe'] });
  fs.closeSync(fd);
  try {
    const deadline = Date.now() + 60_000;
    while (!fs.readFileSync(file, 'utf8').startsWith('Attaching')) {
      if (bt.exitCode !== null || Date.now() > deadline) throw new Error('bpftrace did not attach');
      await sleep(50);
    }
    const m = await measured(bt.pid!, before, () => settle(() => fileSize(file)));
    await stop(bt, 'SIGINT');
    const expected = `odash-burst ${m.gen.pid} ${BURST_PATH}`;
    const { matching, text } = countLines(file, (l) => l.endsWith(expected));
    // bpftrace says what its perf buffer dropped: "Lost N events".
    let reportedLost = 0;
    for (const match of text.matchAll(/^Lost (\d+) events$/gm)) reportedLost += Number(match[1]);
    fs.rmSync(file);
    return { ...m, delivered: matching, reportedLost };
  } finally {
    await stop(bt, 'SIGINT');
  }
}

async function dashboard() {
  const before = loadedProgramIds();
  const b = await startBench('the dashboard ingest run', PORT);
  try {
    const m = await measured(b.pid, before, () => settle(() => othersEvents(b)));
    const counts = (await b.health()).counts;
    const delivered = (await b.processes()).find((p) => p.pid === m.gen.pid)?.opens ?? 0;
    return { ...m, delivered, counts };
  } finally {
    await b.stop();
  }
}

/** Attached: its tracepoints show in `bpftool perf` under its pid (its
 *  header line would say so too, but stdout to a file is block-buffered). */
function opensnoopAttached(pid: number): boolean {
  const links = JSON.parse(execFileSync('bpftool', ['-j', 'perf'], { encoding: 'utf8' })) as {
    pid: number;
    tracepoint?: string;
  }[];
  return links.some((l) => l.pid === pid && l.tracepoint === 'sys_exit_openat');
}

async function opensnoop(): Promise<Run & { reportedLost: number }> {
  const file = path.join(runDir, 'opensnoop.txt');
  const fd = fs.openSync(file, 'w');
  const before = loadedProgramIds();
  // The full event, as the dashboard has it: time, uid, pid, comm, fd, errno, flags, path.
  const os = spawnTracked(OPENSNOOP, ['-T', '-U', '-e'], { stdio: ['ignore', fd, 'pipe'] });
  fs.closeSync(fd);
  let stderr = '';
  os.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  try {
    const deadline = Date.now() + 60_000;
    while (!opensnoopAttached(os.pid!)) {
      if (os.exitCode !== null || Date.now() > deadline) throw new Error(`opensnoop did not attach: ${stderr}`);
      await sleep(50);
    }
    const m = await measured(os.pid!, before, () => settle(() => fileSize(file)));
    await stop(os, 'SIGINT'); // it flushes its output as it exits
    const line = new RegExp(`^\\S+\\s+\\d+\\s+${m.gen.pid}\\s+odash-burst\\s.*\\s${BURST_PATH}$`);
    const { matching } = countLines(file, (l) => line.test(l));
    // "Lost N events on CPU #C!" on stderr: what its perf buffer dropped.
    let reportedLost = 0;
    for (const match of stderr.matchAll(/^Lost (\d+) events/gm)) reportedLost += Number(match[1]);
    fs.rmSync(file);
    return { ...m, delivered: matching, reportedLost };
  } finally {
    await stop(os, 'SIGINT');
  }
}

enableBpfStatsUntilExit();
const rounds: {
  untraced: GeneratorResult;
  article: Awaited<ReturnType<typeof article>>;
  bpftrace: Awaited<ReturnType<typeof bpftrace>>;
  dashboard: Awaited<ReturnType<typeof dashboard>>;
  opensnoop: Awaited<ReturnType<typeof opensnoop>>;
}[] = [];
for (let r = 1; r <= ROUNDS; r++) {
  log(`ingest round ${r}/${ROUNDS}: ${N} opens untraced, then article, bpftrace, dashboard, opensnoop`);
  const untraced = await burst();
  const a = await article();
  const bt = await bpftrace();
  const d = await dashboard();
  const os = await opensnoop();
  rounds.push({ untraced, article: a, bpftrace: bt, dashboard: d, opensnoop: os });
  log(
    `  us per open: untraced ${usPerOpen(untraced).toFixed(2)}, article ${usPerOpen(a.gen).toFixed(2)}, ` +
      `bpftrace ${usPerOpen(bt.gen).toFixed(2)}, dashboard ${usPerOpen(d.gen).toFixed(2)}, opensnoop ${usPerOpen(os.gen).toFixed(2)}`,
  );
}

const untracedUs = median(rounds.map((r) => usPerOpen(r.untraced)));

/** A way's figures: medians over the rounds, and sums for what was lost. */
function summary(runs: readonly Run[]) {
  const us = median(runs.map((r) => usPerOpen(r.gen)));
  const delivered = runs.reduce((n, r) => n + r.delivered, 0);
  return {
    delivered,
    share: delivered / (N * runs.length),
    rate: median(runs.map((r) => r.gen.rate)),
    usPerOpen: us,
    overheadUs: us - untracedUs,
    readerCpuSPer100k: median(runs.map((r) => (r.delivered > 0 ? (r.readerCpuS * 1e5) / r.delivered : NaN))),
    programs: nsPerRun(runs.flatMap((r) => r.programs)),
  };
}

const a = summary(rounds.map((r) => r.article));
const bt = summary(rounds.map((r) => r.bpftrace));
const d = summary(rounds.map((r) => r.dashboard));
const os = summary(rounds.map((r) => r.opensnoop));
const reportedLost = rounds.reduce((n, r) => n + r.dashboard.counts.lost, 0);
const trueLost = N * ROUNDS - d.delivered;
const result = {
  n: N,
  rounds: ROUNDS,
  bufferKb: BUFFER_KB,
  untraced: { rate: median(rounds.map((r) => r.untraced.rate)), usPerOpen: untracedUs },
  article: { ...a, rateVsUntraced: untracedUs / a.usPerOpen, kernelLost: rounds.reduce((n, r) => n + r.article.kernelLost, 0) },
  bpftrace: { ...bt, rateVsUntraced: untracedUs / bt.usPerOpen, reportedLost: rounds.reduce((n, r) => n + r.bpftrace.reportedLost, 0) },
  dashboard: {
    ...d, rateVsUntraced: untracedUs / d.usPerOpen,
    reportedLost, trueLost, lostError: Math.abs(reportedLost - trueLost) / (N * ROUNDS),
  },
  opensnoop: { ...os, rateVsUntraced: untracedUs / os.usPerOpen, reportedLost: rounds.reduce((n, r) => n + r.opensnoop.reportedLost, 0) },
  dashboardVsArticle: a.delivered > 0 ? d.delivered / a.delivered : null,
  /** What each open costs traced by the dashboard, in the article's cost. */
  overheadDashboardVsArticle: d.overheadUs / a.overheadUs,
  /** opensnoop's cost per open, in the dashboard's. */
  overheadOpensnoopVsDashboard: os.overheadUs / d.overheadUs,
  // One line per open reaches the kernel's buffer: the generator's rate is
  // the rate at which the kernel produced lines.
  maxKernelLinesPerSec: Math.max(a.rate, d.rate),
  articleTraceFile: rounds.at(-1)!.article.traceFile,
  perRound: rounds.map((r) => ({
    untracedUs: usPerOpen(r.untraced),
    articleUs: usPerOpen(r.article.gen),
    bpftraceUs: usPerOpen(r.bpftrace.gen),
    dashboardUs: usPerOpen(r.dashboard.gen),
    opensnoopUs: usPerOpen(r.opensnoop.gen),
  })),
};
writePhase('ingest', result);
const us = (x: number) => `${x.toFixed(2)} us`;
log(
  `ingest: untraced ${us(untracedUs)} per open; overhead per open: article +${us(a.overheadUs)}, bpftrace +${us(bt.overheadUs)}, ` +
    `dashboard +${us(d.overheadUs)}, opensnoop +${us(os.overheadUs)}; dashboard/article ${result.overheadDashboardVsArticle.toFixed(2)}, ` +
    `opensnoop/dashboard ${result.overheadOpensnoopVsDashboard.toFixed(2)}`,
);

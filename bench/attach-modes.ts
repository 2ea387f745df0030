/**
 * Attach modes: what the dashboard's programs cost an open in each way of
 * attaching them that this kernel runs (fentry, kprobe, tracepoint: those
 * `openat --probe` finds working), against the article's one bpf_printk
 * (on its kprobe where the kernel has kprobes). Made for the kernel
 * matrix's guests, Debian's stock kernels, where all three load
 * (`npm run bench:kernels`); it runs on any kernel with the modes it has.
 * Interleaved rounds of a burst of openat calls: untraced, the article
 * (`cat trace_pipe` into a file), then the real backend in each mode, each
 * way as the ingest phase runs it. Per way: the generator's µs per open over the
 * untraced one (median of the rounds), and BPF ns per run of each program
 * (kernel.bpf_stats_enabled, put back after).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ATTACH_MODES, type AttachMode } from '../protocol/status';
import { probeAttachModes } from '../server/trace/attach-probe';
import { enableBpfStatsUntilExit, loadedProgramIds, nsPerRun, programRunsSince, type ProgramRuns } from './lib/bpf-stats';
import {
  ARTICLE_LOADER, BURST_PATH, fileSize, LOADER, runGenerator, settle, spawnTracked, stop, waitForLine, type GeneratorResult,
} from './lib/proc';
import { log, median, runDir, writePhase } from './lib/results';
import { BUFFER_KB, othersEvents, startBench } from './lib/backend';
import { catTracePipe, waitForTracePipe, withBuffer } from './lib/tracefs';

const N = Number(process.env.BENCH_MODES_N ?? 20_000);
const PORT = Number(process.env.BENCH_PORT ?? 7301) + 5;
const ROUNDS = Number(process.env.BENCH_MODES_ROUNDS ?? 3);

const burst = () => runGenerator(['burst', String(N), BURST_PATH]);
const usPerOpen = (g: GeneratorResult) => (g.seconds * 1e6) / g.opens;

/** One traced burst: the way's BPF programs (those loaded since it
 *  started), its µs per open, and the hook its programs were on. */
interface Traced {
  usPerOpen: number;
  programs: ProgramRuns[];
  hook: string;
}

/** The article: its loader, and `cat trace_pipe` into a file, as in the
 *  ingest phase. */
async function article(): Promise<Traced> {
  const before = loadedProgramIds();
  const file = path.join(runDir, 'attach-modes-article.txt');
  const cat = await catTracePipe(file);
  const loader = spawnTracked(ARTICLE_LOADER, []);
  try {
    const readyLine = await waitForLine(loader, /^ready (kprobe|tracepoint)$/, 'the article loader', 120_000);
    const gen = await burst();
    await settle(() => fileSize(file));
    // The article's hook: its kprobe, or the tracepoint where there are none.
    return { usPerOpen: usPerOpen(gen), programs: programRunsSince(before), hook: readyLine.split(' ')[1]! };
  } finally {
    await stop(loader);
    await stop(cat);
    fs.rmSync(file, { force: true });
  }
}

/** The dashboard: the real backend, attached in this mode, reading
 *  trace_pipe itself, as in the ingest phase. */
async function dashboard(mode: AttachMode): Promise<Traced> {
  const before = loadedProgramIds();
  const b = await startBench(`the ${mode} run`, PORT, ['--attach', mode]);
  try {
    const gen = await burst();
    await settle(() => othersEvents(b));
    return { usPerOpen: usPerOpen(gen), programs: programRunsSince(before), hook: mode };
  } finally {
    await b.stop();
  }
}

const working = (await probeAttachModes(LOADER)).filter((m) => m.ok).map((m) => m.mode);
const ways: { name: string; run: () => Promise<Traced> }[] = [
  { name: 'article', run: article },
  ...ATTACH_MODES.filter((m) => working.includes(m)).map((mode) => ({ name: mode, run: () => dashboard(mode) })),
];
const kernel = os.release();
log(`attach modes on ${kernel}: ${N} opens a burst, ${ROUNDS} rounds of untraced, ${ways.map((w) => w.name).join(', ')}`);
await waitForTracePipe('the attach-modes run');
enableBpfStatsUntilExit();

const untraced: number[] = [];
const runs = new Map<string, Traced[]>(ways.map((w) => [w.name, []]));
// The article's reader gets the buffer the backend sets for itself.
await withBuffer(BUFFER_KB, async () => {
  for (let r = 1; r <= ROUNDS; r++) {
    untraced.push(usPerOpen(await burst()));
    for (const way of ways) runs.get(way.name)!.push(await way.run());
    log(`  round ${r}: untraced ${untraced.at(-1)!.toFixed(2)} µs per open; ` +
      ways.map((w) => `${w.name} ${runs.get(w.name)!.at(-1)!.usPerOpen.toFixed(2)}`).join(', '));
  }
});

const untracedUs = median(untraced);
const result = {
  kernel,
  opens: N,
  rounds: ROUNDS,
  untracedUs,
  ways: ways.map((w) => {
    const rs = runs.get(w.name)!;
    const us = median(rs.map((x) => x.usPerOpen));
    return {
      way: w.name,
      hook: rs[0]!.hook,
      usPerOpen: us,
      overheadUs: us - untracedUs,
      nsPerRun: Object.fromEntries(
        Object.entries(nsPerRun(rs.flatMap((x) => x.programs))).map(([name, p]) => [name, Math.round(p.nsPerRun)]),
      ),
    };
  }),
};
writePhase('attach-modes', result);
for (const w of result.ways) {
  log(`${w.way}${w.way === 'article' ? ` (${w.hook})` : ''}: +${w.overheadUs.toFixed(2)} µs per open; ` +
    Object.entries(w.nsPerRun).map(([p, ns]) => `${p} ${ns} ns a run`).join(', '));
}

/**
 * npm run test:kernels: the kernel suites inside Debian's stock kernels
 * (qemu), in every attach mode, as a kernel x mode x suite matrix. The
 * kernels boot side by side (one TCG thread each, one core each). Exits
 * non-zero when any cell failed or did not run.
 *
 *   npm run test:kernels -- [--kernel 6.1] [--mode fentry] [--suite backend] [--all] [--timeout-min 65]
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ATTACH_MODES } from '../protocol/status';
import { repoRoot } from '../server/testing/backend';
import { autoMode, parseProbe } from '../server/trace/attach-probe';
import { KERNELS, prepareKernel, type KernelImage } from './images';
import { pickNames, planCells } from './plan';
import { boot, type Cell } from './qemu';
import { runWithWork } from './run';
import { suiteResults, suiteVerdict, type SuiteResult } from './results';
import { allPassed, formatTable, type Row } from './table';

/** Every kernel suite (server/NAME.kernel.test.ts). */
const SUITES = fs
  .readdirSync(path.join(repoRoot, 'server'))
  .filter((f) => f.endsWith('.kernel.test.ts'))
  .map((f) => f.replace('.kernel.test.ts', ''));

/** One line per attach mode the guest ran (kernels/guest.sh). */
const modeRunSchema = z.object({ mode: z.string(), exitCode: z.number(), seconds: z.number() });

const log = (s: string) => process.stderr.write(`test:kernels: ${s}\n`);

function options() {
  const { values } = parseArgs({
    options: {
      kernel: { type: 'string', multiple: true },
      mode: { type: 'string', multiple: true },
      suite: { type: 'string', multiple: true },
      all: { type: 'boolean', default: false },
      'timeout-min': { type: 'string', default: '65' },
    },
  });
  return {
    kernels: KERNELS.filter((k) => pickNames(values.kernel, KERNELS.map((x) => x.name), 'kernel').includes(k.name)),
    // Modes asked for by name: every suite asked for runs in each of them.
    cells: planCells(pickNames(values.mode, ATTACH_MODES, 'mode'), pickNames(values.suite, SUITES, 'suite'), values.all || values.mode !== undefined),
    timeoutMs: Number(values['timeout-min']) * 60_000,
  };
}

/** Boots one kernel with the plan; its rows of the matrix, and why each
 *  failed row failed (CI keeps none of the guests' logs). */
async function runKernel(image: KernelImage, cells: Cell[], work: string, timeoutMs: number): Promise<{ rows: Row[]; why: string[] }> {
  const { spec } = image;
  const out = path.join(work, spec.name);
  log(`booting ${image.pkg}: ${cells.map((c) => `${c.mode}:${c.suite}`).join(' ')}`);
  const run = await boot(image, { repo: repoRoot, cells, slow: 4 }, out, timeoutMs);
  const read = (f: string) => (fs.existsSync(path.join(out, f)) ? fs.readFileSync(path.join(out, f), 'utf8') : '');
  const modeRuns = read('results.jsonl').split('\n').filter(Boolean).map((l) => modeRunSchema.parse(JSON.parse(l)));
  const report = (mode: string) => {
    try {
      return suiteResults(JSON.parse(read(`${mode}.json`)));
    } catch {
      return new Map<string, SuiteResult>();
    }
  };
  const why: string[] = [];
  const reports = new Map(modeRuns.map((r) => [r.mode, { exitCode: r.exitCode, suites: report(r.mode) }]));
  const kernel = `${spec.name} (${read('kernel').trim() || image.version})`;
  log(`${image.pkg}: guest ran ${run.seconds}s${run.finished ? '' : ' and was killed at the deadline'}`);

  // What auto picks on a stock kernel: fentry, the cheapest, must work there.
  const probe = parseProbe(read('probe.json')) ?? [];
  const auto = autoMode(probe);
  const rows: Row[] = [
    {
      kernel, mode: 'auto', suite: 'probe',
      result: auto === 'fentry' ? 'passed' : probe.length ? 'failed' : 'not run', seconds: null,
      note: probe.length
        ? `picks ${auto ?? 'nothing'}; ${probe.map((m) => `${m.mode} ${m.ok ? 'ok' : `no (${m.why})`}`).join(', ')}`
        : 'no probe output',
    },
    ...cells.map(({ mode, suite }): Row => {
      const ran = reports.get(mode);
      const r = ran?.suites.get(suite);
      const logFile = path.join(out, `${mode}.log`);
      if (!ran) return { kernel, mode, suite, result: 'not run', seconds: null, note: run.finished ? 'no result' : `guest stopped after ${run.seconds}s` };
      const v = suiteVerdict(ran, suite);
      if (!v.passed) {
        const failures = ran.suites.get(suite)?.failures ?? [];
        // No test to blame: the end of the log says what vitest died of.
        const said = failures.length ? failures : read(`${mode}.log`).trimEnd().split('\n').slice(-15);
        why.push(`${spec.name} ${mode} ${suite}:\n${said.join('\n').replace(/^/gm, '  ')}`);
      }
      return { kernel, mode, suite, result: v.passed ? 'passed' : 'failed', seconds: v.seconds, note: v.passed ? v.note : `${v.note}log: ${logFile}` };
    }),
  ];
  if (!allPassed(rows)) log(`console of ${spec.name}, last lines:\n${run.console.split('\n').slice(-30).join('\n')}`);
  return { rows, why };
}

async function main(work: string): Promise<boolean> {
  const opts = options();
  const started = Date.now();
  // One after another: apt takes one user of its lists at a time.
  const images: KernelImage[] = [];
  for (const spec of opts.kernels) images.push(await prepareKernel(spec, work, log));
  const runs = await Promise.all(images.map((image) => runKernel(image, opts.cells, work, opts.timeoutMs)));
  const rows = runs.flatMap((r) => r.rows);
  process.stdout.write(`\n${formatTable(rows)}\n\n`);
  const passed = rows.filter((r) => r.result === 'passed').length;
  process.stdout.write(`kernel matrix took ${Math.round((Date.now() - started) / 1000)}s\n`);
  process.stdout.write(`matrix: ${passed} passed, ${rows.length - passed} failed\n`);
  // Last: CI shows the end of what a run printed, and keeps no guest logs.
  const why = runs.flatMap((r) => r.why);
  if (why.length) process.stdout.write(`why they failed:\n${why.join('\n')}\n`);
  return allPassed(rows);
}

runWithWork('odash-kernels', log, main);

/**
 * npm run bench:kernels: bench/attach-modes.ts inside Debian's stock
 * kernels (qemu, as the kernel matrix boots them), where fentry, kprobe and
 * tracepoint all load: per kernel, what each attach mode of the dashboard
 * costs an open against the article's kprobe, and BPF ns per run of each
 * program; each kernel's figures are kept in bench/results/. Under TCG
 * every figure is emulated time: compare the ways within one kernel, not
 * with this machine's. Exits non-zero when a kernel gave no figures.
 *
 *   npm run bench:kernels -- [--kernel 6.1] [--timeout-min 60]
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from '../server/testing/backend';
import { formatModes, modesResultSchema } from './bench-table';
import { KERNELS, prepareKernel, type KernelImage } from './images';
import { pickNames } from './plan';
import { boot } from './qemu';
import { runWithWork } from './run';

const BENCH = 'bench/attach-modes.ts';
/** Where each kernel's figures are kept, as npm run bench keeps its own. */
const RESULTS = path.join(repoRoot, 'bench/results');
const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');

const log = (s: string) => process.stderr.write(`bench:kernels: ${s}\n`);

async function runKernel(image: KernelImage, work: string, timeoutMs: number): Promise<string> {
  const out = path.join(work, image.spec.name);
  log(`booting ${image.pkg}: ${BENCH}`);
  const run = await boot(image, { repo: repoRoot, cells: [], slow: 4, bench: BENCH }, out, timeoutMs);
  const read = (f: string) => (fs.existsSync(path.join(out, f)) ? fs.readFileSync(path.join(out, f), 'utf8') : '');
  log(`${image.pkg}: guest ran ${run.seconds}s${run.finished ? '' : ' and was killed at the deadline'}`);
  const figures = read('attach-modes.json');
  if (!figures) {
    const said = (read('bench.log') || run.console).trimEnd().split('\n').slice(-20).join('\n');
    throw new Error(`${image.spec.name}: no figures (bench exit ${read('bench.rc').trim() || 'none'}):\n${said}`);
  }
  const table = formatModes(modesResultSchema.parse(JSON.parse(figures)));
  const kept = path.join(RESULTS, `attach-modes-${image.spec.name}-${stamp}.json`);
  fs.mkdirSync(RESULTS, { recursive: true });
  fs.writeFileSync(kept, figures);
  return `${table}\nresults: ${path.relative(repoRoot, kept)}`;
}

async function main(work: string): Promise<boolean> {
  const { values } = parseArgs({
    options: { kernel: { type: 'string', multiple: true }, 'timeout-min': { type: 'string', default: '60' } },
  });
  const names = pickNames(values.kernel, KERNELS.map((k) => k.name), 'kernel');
  const specs = KERNELS.filter((k) => names.includes(k.name));
  const images: KernelImage[] = [];
  // One after another: apt takes one user of its lists at a time.
  for (const spec of specs) images.push(await prepareKernel(spec, work, log));
  const runs = await Promise.allSettled(images.map((image) => runKernel(image, work, Number(values['timeout-min']) * 60_000)));
  for (const r of runs) process.stdout.write(r.status === 'fulfilled' ? `\n${r.value}\n` : `\n${(r.reason as Error).message}\n`);
  return runs.every((r) => r.status === 'fulfilled');
}

runWithWork('odash-bench-kernels', log, main);

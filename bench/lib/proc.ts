/** Child processes of a benchmark: tracked, so none outlives it. */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { repoRoot } from '../../server/testing/backend';

export const BENCH_DIR = path.join(repoRoot, 'bench');
export const GENERATOR = path.join(BENCH_DIR, '.output/odash-burst');
export const ARTICLE_LOADER = path.join(BENCH_DIR, '.output/article');
export const LOADER = path.join(repoRoot, 'bpf/.output/openat');
/** The file the generator opens: exists on every Debian system, short. */
export const BURST_PATH = '/etc/hostname';

const children = new Set<ChildProcess>();

function killAll(): void {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
}
process.on('exit', killAll);
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    killAll();
    process.exit(130);
  });
}

/** Notes a process we started in the run's folder, so that report.ts can
 *  tell whether any of ours outlived its phase. */
export function recordSpawn(pid: number | undefined, cmd: string): void {
  const dir = process.env.BENCH_RUN_DIR;
  if (dir && pid) fs.appendFileSync(path.join(dir, 'spawned.txt'), `${pid} ${cmd}\n`);
}

export function spawnTracked(cmd: string, args: string[], opts: SpawnOptions = {}): ChildProcess {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  children.add(child);
  recordSpawn(child.pid, cmd);
  child.on('exit', () => children.delete(child));
  return child;
}

export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Sends sig and waits for the exit; SIGKILL after graceMs. */
export async function stop(child: ChildProcess, sig: NodeJS.Signals = 'SIGTERM', graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const done = exited(child);
  child.kill(sig);
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await done;
  clearTimeout(timer);
}

/** Resolves when the child prints a line matching re on stdout. */
export function waitForLine(child: ChildProcess, re: RegExp, what: string, ms = 30_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const rl = readline.createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}: ${stderr}`)), ms);
    rl.on('line', (line) => {
      if (!re.test(line)) return;
      clearTimeout(timer);
      resolve(line);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code}) before it was ready: ${stderr}`));
    });
  });
}

export interface GeneratorResult {
  mode: string;
  pid: number;
  opens: number;
  seconds: number;
  rate: number;
}

/** Runs the openat generator to the end; its JSON report. */
export async function runGenerator(args: string[]): Promise<GeneratorResult> {
  // stdin a pipe, not 'ignore': libuv would open /dev/null in the child,
  // an open traced under the generator's pid before it even runs.
  const child = spawnTracked(GENERATOR, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin!.end();
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  const code = await exited(child);
  if (code !== 0) throw new Error(`odash-burst ${args.join(' ')} failed (${code})`);
  return JSON.parse(out) as GeneratorResult;
}

/** Waits until value() stops changing for quietMs (a reader caught up). */
export async function settle(value: () => number | Promise<number>, quietMs = 1000, maxMs = 60_000): Promise<number> {
  const deadline = Date.now() + maxMs;
  let last = await value();
  let since = Date.now();
  while (Date.now() < deadline) {
    await sleep(100);
    const v = await value();
    if (v !== last) {
      last = v;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) {
      break;
    }
  }
  return last;
}

export const fileSize = (file: string) => {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
};

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

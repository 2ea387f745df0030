/** Starts the real backend (as root, real kernel) for integration tests. */
import { execa, type ResultPromise } from 'execa';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ATTACH_MODES, isAttachChoice, type AttachChoice, type AttachMode } from '../../protocol/status';
import { autoMode, probeAttachModes, type ModeSupport } from '../trace/attach-probe';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The attach mode the kernel suites run in (npm run test:kernels sets it
 *  per run); auto by default. */
export const testAttach: AttachChoice = (() => {
  const v = process.env.ODASH_TEST_ATTACH ?? 'auto';
  if (!isAttachChoice(v)) throw new Error(`ODASH_TEST_ATTACH must be auto, ${ATTACH_MODES.join(', ')}, not '${v}'`);
  return v;
})();

/** Waits stretch by this factor on slow machines (qemu without KVM). */
export const SLOW = Math.max(1, Number(process.env.ODASH_TEST_SLOW) || 1);
/** Off in the kernel matrix's guests (SLOW > 1): a test of the backend's
 *  own logic (input checks, the guard, files, permissions, restarts, the
 *  store) that no kernel changes. It runs on the host in `npm test`; under
 *  TCG each costs minutes (a backend start alone takes one or two), and
 *  the matrix must end within CI's deadline. Use as it.runIf(HOST_ONLY). */
export const HOST_ONLY = SLOW === 1;

let probed: Promise<ModeSupport[]> | undefined;
/** What this kernel supports, as the loader's --probe finds it. */
export const attachSupport = () => (probed ??= probeAttachModes(path.join(repoRoot, 'bpf/.output/openat')));

/** The mode a backend started by startBackend must report: the one asked
 *  for, or the first that works here. */
export async function expectedAttach(): Promise<AttachMode | null> {
  return testAttach === 'auto' ? autoMode(await attachSupport()) : testAttach;
}

export interface Backend {
  url: string;
  token: string;
  process: ResultPromise;
  api<T = unknown>(route: string): Promise<{ status: number; body: T }>;
  stop(): Promise<void>;
}

/** How long a live backend's tracer may take to start (times SLOW). */
const TRACER_START_MS = 60_000;
/** How long a backend may take to exit after SIGTERM (times SLOW): under
 *  emulation its clean-up (detaching the filter and the tracer) took up
 *  to 13 s, and a kill at 10 s left the trace buffer grown. */
const STOP_MS = 15_000;

let built: Promise<unknown> | undefined;
/** The backend as npm start runs it, bundled from the sources as they are
 *  now (scripts/build-server.mjs), once per test process. */
export const SERVER_BUNDLE = '.build/server/main.mjs';
export function buildServer(): Promise<unknown> {
  return (built ??= execa(process.execPath, ['scripts/build-server.mjs'], { cwd: repoRoot }));
}

/** prefix: a command that execs the backend, e.g. prlimit --nofile=N. */
export async function startBackend(port: number, extra: string[] = [], prefix: string[] = []): Promise<Backend> {
  // What it is given; one started without (prefix env -u EBPF_DASH_TOKEN)
  // uses the token its start URL prints.
  let token = `test-${port}-token`;
  const attach = extra.includes('--attach') || extra.includes('--replay') ? [] : ['--attach', testAttach];
  // Each test's backend starts from an empty store unless it names one.
  const db = extra.includes('--db') ? [] : ['--db', ':memory:'];
  await buildServer();
  const args = [SERVER_BUNDLE, '--port', String(port), ...attach, ...db, ...extra];
  const [cmd, ...before] = [...prefix, process.execPath];
  const child = execa(cmd!, [...before, ...args], {
    // As a user should: not on the command line, where everyone reads it.
    // MALLOC_ARENA_MAX as scripts/start.sh sets it: what a user runs.
    env: { EBPF_DASH_TOKEN: token, MALLOC_ARENA_MAX: '2' },
    cwd: repoRoot,
    reject: false,
    stdin: 'ignore',
    forceKillAfterDelay: STOP_MS * SLOW,
  });
  const url = `http://127.0.0.1:${port}`;
  await new Promise<void>((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const lines = readline.createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      if (!line.includes(`${url}/#token=`)) return;
      token = line.slice(line.indexOf('#token=') + 7).trim();
      resolve();
    });
    void child.then((r) => reject(new Error(`backend exited (${r.exitCode}): ${stderr}`)));
  });
  const api = async <T>(route: string) => {
    const get = () => fetch(url + route, { headers: { Authorization: `Bearer ${token}` } });
    // A kept-alive socket the server closed just as it was reused: GETs are
    // safe to send again (browsers do the same).
    const res = await get().catch(get);
    return { status: res.status, body: (await res.json()) as T };
  };
  // A live backend is handed over once its tracer has started (or failed):
  // under emulation loading and attaching the programs takes a minute or
  // more, which no test's own wait should have to cover.
  if (!extra.includes('--replay')) {
    await waitFor(async () => {
      const state = (await api<{ tracer: { state: string } }>('/api/health')).body.tracer.state;
      return state === 'starting' ? undefined : true;
    }, 'the tracer to start', TRACER_START_MS).catch(() => undefined);
  }
  return {
    url,
    token,
    process: child,
    api,
    stop: async () => {
      child.kill('SIGTERM');
      const r = await child;
      // Killed is not stopped: what the backend puts back as it exits (the
      // trace buffer's size, kernel settings) would be left as it was.
      if (r.isForcefullyTerminated) throw new Error(`the backend did not exit within ${STOP_MS * SLOW / 1000} s of SIGTERM: killed`);
    },
  };
}

/** A backend replaying an empty recording: the whole HTTP and WebSocket
 *  surface, with no root and no kernel. stop() removes its temp folder. */
export async function startEmptyReplay(port: number, prefix: string[] = []): Promise<Backend> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'odash-replay-'));
  const file = path.join(dir, 'empty.log');
  fs.writeFileSync(file, '');
  const backend = await startBackend(port, ['--replay', file, '--speed', '0'], prefix).catch((err: Error) => {
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  });
  return {
    ...backend,
    stop: async () => {
      await backend.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** fetch, tried once more when a kept-alive connection was closed under
 *  it before any answer (the server's idle timeout racing the client's
 *  reuse; under qemu the window is wide). Browsers retry the same way. A
 *  backend that is gone still fails: the retry cannot connect. */
export async function fetchRetrying(url: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (err) {
    const code = ((err as Error).cause as { code?: string } | undefined)?.code;
    if (code !== 'UND_ERR_SOCKET' && code !== 'ECONNRESET') throw err;
    return fetch(url, init);
  }
}

/** Polls until check returns a value (not undefined) or time runs out. */
export async function waitFor<T>(check: () => Promise<T | undefined>, what: string, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms * SLOW;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Names of our BPF programs the kernel has loaded now. */
export async function loadedOurPrograms(): Promise<string[]> {
  const r = await execa('bpftool', ['-j', 'prog', 'show']);
  const progs = JSON.parse(r.stdout) as { name?: string }[];
  return progs
    .map((p) => p.name ?? '')
    .filter((n) => /^(tp_enter|tp_exit|ks_enter|kr_exit|fe|fx)_open|^(tp_exec|raw_fork)$/.test(n));
}

/**
 * Runs a Node process that renames itself (comm) and opens the given
 * paths (hex-encoded bytes, so any byte can be in them), then exits.
 */
export async function runOpener(comm: string, paths: Buffer[]): Promise<number> {
  const script = `
    process.title = ${JSON.stringify(comm)};
    const fs = require('fs');
    for (const hex of ${JSON.stringify(paths.map((p) => p.toString('hex')))}) {
      try { fs.closeSync(fs.openSync(Buffer.from(hex, 'hex'), 'r')); } catch {}
    }`;
  const child = execa(process.execPath, ['-e', script]);
  const pid = child.pid!;
  await child;
  return pid;
}

let opener: Promise<string> | undefined;

/** testing/opener.c, built once per version of its source (cc is a build
 *  dependency), into one file in /tmp that later runs reuse. */
export function openerBinary(): Promise<string> {
  opener ??= (async () => {
    const source = path.join(repoRoot, 'server/testing/opener.c');
    const hash = createHash('sha256').update(fs.readFileSync(source)).digest('hex').slice(0, 12);
    const out = path.join(os.tmpdir(), `odash-opener-${hash}`);
    if (fs.existsSync(out)) return out;
    const tmp = `${out}.${process.pid}`;
    await execa('cc', ['-O2', '-Wall', '-o', tmp, source]);
    fs.renameSync(tmp, out); // whole, even with another test building it too
    return out;
  })();
  return opener;
}

/**
 * Opens a FIFO the way a slow open looks: a reader (opener.c, named comm)
 * blocks in openat until a writer comes, which comes `ms` after the
 * reader is seen waiting there (under TCG a process takes a while to get
 * that far). Returns the reader's pid once it has finished.
 */
export async function slowFifoOpen(comm: string, fifo: string, ms: number): Promise<number> {
  await execa('mkfifo', [fifo]);
  const reader = execa(await openerBinary(), [`comm:${comm}`, `open:${fifo}`]);
  const pid = reader.pid!;
  await waitFor(async () => {
    // /proc/PID/syscall: the syscall it is blocked in, by number first.
    const syscall = await fs.promises.readFile(`/proc/${pid}/syscall`, 'utf8').catch(() => '');
    return /^(257|2|437) /.test(syscall) ? true : undefined; // openat, open, openat2 (x86-64)
  }, `${comm} waiting in open`);
  await new Promise((r) => setTimeout(r, ms));
  fs.closeSync(fs.openSync(fifo, 'w')); // the reader is waiting: this does not block
  await reader;
  return pid;
}

/** Whether the 32-bit syscall entry (int $0x80) works on this machine. */
export async function ia32EntryWorks(): Promise<boolean> {
  if (process.arch !== 'x64') return false;
  return (await execa(await openerBinary(), ['int80probe'], { reject: false })).exitCode === 0;
}

/** Runs opener.c with these steps (see there) and waits for it; its pid. */
export async function runSteps(steps: string[]): Promise<number> {
  const child = execa(await openerBinary(), steps);
  const pid = child.pid!;
  await child;
  return pid;
}

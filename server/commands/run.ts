/**
 * Commands (bpftool, ip) run from a small process of their own. Node forks
 * for every command it runs, on the calling thread, and a fork copies the
 * page tables of the whole process: with the store's gigabyte resident, a
 * fork took ~60 ms of the main thread (against ~9 ms at start), and the
 * filter's watch forks every second while attached, a status poll three
 * times. The runner is forked once, while the backend is small, and forks
 * the commands from its 50 MB.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { repoRoot } from '../repo-root';

export interface CommandRequest {
  id: number;
  cmd: string;
  args: string[];
  /** Written to its stdin (else stdin is /dev/null). */
  input?: string;
}

export interface CommandResult {
  id: number;
  /** null: it did not start (error says why) or a signal ended it. */
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  error: string | null;
}

const BUNDLED = import.meta.url.endsWith('.mjs');

let runner: ChildProcess | null = null;
let nextId = 0;
const pending = new Map<number, { resolve: (r: CommandResult) => void; reject: (e: Error) => void }>();

function start(): ChildProcess {
  // Bundled (scripts/build-server.mjs): runner-child.mjs beside this bundle.
  const child = BUNDLED
    ? fork(fileURLToPath(new URL('./runner-child.mjs', import.meta.url)), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    : fork(fileURLToPath(new URL('./runner-child.ts', import.meta.url)), {
        cwd: repoRoot,
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
  child.on('message', (r: CommandResult) => {
    const p = pending.get(r.id);
    pending.delete(r.id);
    p?.resolve(r);
    if (!pending.size) child.channel?.unref();
  });
  const gone = (why: string) => {
    if (runner === child) runner = null;
    for (const [id, p] of pending) {
      pending.delete(id);
      p.reject(new Error(`the command runner ${why}`));
    }
  };
  child.on('exit', (code, signal) => gone(`exited (${signal ?? `code ${code}`})`));
  child.on('error', (e) => gone(`failed: ${e.message}`));
  // Never what keeps the backend (or a test) alive when idle.
  child.unref();
  return child;
}

/** Runs cmd with args in the runner; rejects only if the runner itself
 *  fails (a command that fails resolves with its exit code). */
export function runCommand(cmd: string, args: readonly string[], input?: string): Promise<CommandResult> {
  runner ??= start();
  const child = runner;
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    child.channel?.ref();
    const req: CommandRequest = { id, cmd, args: [...args], ...(input === undefined ? {} : { input }) };
    child.send(req, (err) => {
      if (!err) return;
      pending.delete(id);
      reject(new Error(`the command runner did not take ${cmd}: ${err.message}`));
    });
  });
}

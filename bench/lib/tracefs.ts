/** The kernel's trace buffer and trace_pipe, as the benchmarks touch them. */
import fs from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { readKernelLoss } from '../../server/trace/kernel-stats';
import { parseBufferSizeKb } from '../../server/trace/trace-buffer';
import { sleep, spawnTracked } from './proc';

export const TRACEFS = '/sys/kernel/tracing';
export const TRACE_PIPE = path.join(TRACEFS, 'trace_pipe');
const BUFFER_FILE = path.join(TRACEFS, 'buffer_size_kb');

/** buffer_size_kb as the kernel shows it, e.g. "7 (expanded: 1408)". */
export function bufferSizeText(): string {
  return fs.readFileSync(BUFFER_FILE, 'utf8').trim();
}

export function bufferSizeKb(): number {
  return parseBufferSizeKb(bufferSizeText()) ?? 0;
}

export function setBufferKb(kb: number): void {
  fs.writeFileSync(BUFFER_FILE, String(kb));
}

/** Entries the kernel dropped so far, all CPUs (overrun + dropped events). */
export const kernelLoss = () => readKernelLoss(TRACEFS);

/** Processes holding trace_pipe open, as "pid (comm)". */
export function tracePipeHolders(): string[] {
  const out: string[] = [];
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // gone, or a kernel thread
    }
    for (const fd of fds) {
      let target = '';
      try {
        target = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      if (target.endsWith('/trace_pipe')) {
        let comm = '?';
        try {
          comm = fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
        } catch {}
        out.push(`${pid} (${comm})`);
        break;
      }
    }
  }
  return out;
}

/** Waits until nobody holds trace_pipe (the kernel allows one reader),
 *  saying who does; polls every 10 s, gives up after maxWaitS. */
export async function waitForTracePipe(what: string, maxWaitS = Number(process.env.BENCH_WAIT_SECONDS ?? 600)): Promise<void> {
  const deadline = Date.now() + maxWaitS * 1000;
  for (;;) {
    const holders = tracePipeHolders();
    if (holders.length === 0) return;
    const msg = `bench: ${what} needs ${TRACE_PIPE}, but another reader holds it: ${holders.join(', ')}`;
    if (Date.now() > deadline) throw new Error(`${msg}; gave up after ${maxWaitS} s (not killing it: it is not ours)`);
    process.stderr.write(`${msg}; waiting (checking every 10 s)\n`);
    await new Promise((r) => setTimeout(r, 10_000));
  }
}

/** Runs fn with the buffer at least kb per CPU (the size the dashboard
 *  runs with, so readers are compared, not buffers), then puts it back. */
export async function withBuffer<T>(kb: number, fn: () => Promise<T>): Promise<T> {
  const before = bufferSizeKb();
  if (before < kb) setBufferKb(kb);
  try {
    return await fn();
  } finally {
    if (before < kb) setBufferKb(before);
  }
}

/** Starts `cat trace_pipe > file` and returns once cat holds the pipe. */
export async function catTracePipe(file: string): Promise<ChildProcess> {
  const fd = fs.openSync(file, 'w');
  const cat = spawnTracked('cat', [TRACE_PIPE], { stdio: ['ignore', fd, 'pipe'] });
  fs.closeSync(fd);
  while (!tracePipeHolders().some((h) => h.startsWith(`${cat.pid} `))) {
    if (cat.exitCode !== null) throw new Error('cat trace_pipe exited at once (is trace_pipe busy?)');
    await sleep(20);
  }
  return cat;
}

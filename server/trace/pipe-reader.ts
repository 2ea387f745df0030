/**
 * Reads trace_pipe at `cat`'s speed whatever comes after it. A thread of
 * its own (spool-worker.ts) only moves bytes into the spool; here, on the
 * main thread, chunks are handed on for parsing a few milliseconds at a
 * time, so requests and sockets are answered between them. A burst waits
 * in the spool (bounded by spoolBytes) instead of overrunning the kernel's
 * buffer.
 */
import fs from 'node:fs';
import type { Worker } from 'node:worker_threads';
import { startTsWorker } from '../ts-worker';
import { CTL, CTL_SLOTS, type FromReader, type SpoolWorkerData } from './spool';

/** How soon to look again while held back. */
const HELD_BACK_MS = 5;

export interface PipeReaderOptions {
  /** The most bytes read and not yet handed on. */
  spoolBytes: number;
  /** The reader's sleep after finding the pipe empty. */
  idleMs?: number;
  /** Longest stretch of handing on before yielding to other work. */
  budgetMs?: number;
  /** True while what comes after cannot take more (the store is behind):
   *  chunks wait in the spool meanwhile. */
  holdBack?: () => boolean;
}

export interface SpoolState {
  /** Bytes read and waiting to be parsed. */
  queuedBytes: number;
  /** How long the reader has waited for room, in ms. */
  fullMs: number;
}

export interface PipeReader {
  spool(): SpoolState;
  /** Closes trace_pipe; what is still queued is dropped. */
  stop(): Promise<void>;
}

export function readPipe(
  path: string,
  onChunk: (chunk: Uint8Array) => void,
  onError: (err: Error) => void,
  { spoolBytes, idleMs = 5, budgetMs = 10, holdBack = () => false }: PipeReaderOptions,
): PipeReader {
  const ctlBuffer = new SharedArrayBuffer(CTL_SLOTS * Int32Array.BYTES_PER_ELEMENT);
  const ctl = new Int32Array(ctlBuffer);
  const data: SpoolWorkerData = { path, ctl: ctlBuffer, capacity: spoolBytes, idleMs };
  const worker: Worker = startTsWorker(new URL('./spool-worker.ts', import.meta.url), data);
  const queue: Uint8Array[] = [];
  let head = 0;
  let scheduled: NodeJS.Immediate | NodeJS.Timeout | undefined;
  let stopped = false;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));

  const fail = (err: Error) => {
    if (stopped) return;
    void stop();
    onError(err);
  };

  const pump = () => {
    scheduled = undefined;
    if (holdBack()) {
      scheduled = setTimeout(pump, HELD_BACK_MS);
      return;
    }
    const deadline = performance.now() + budgetMs;
    while (head < queue.length && !stopped) {
      const chunk = queue[head]!;
      queue[head++] = undefined as unknown as Uint8Array; // let it go
      onChunk(chunk);
      Atomics.sub(ctl, CTL.queued, chunk.length);
      Atomics.notify(ctl, CTL.queued);
      if (performance.now() >= deadline) break;
    }
    if (head === queue.length) {
      queue.length = 0;
      head = 0;
    } else if (!stopped) {
      scheduled = setImmediate(pump);
    }
  };

  worker.on('message', (m: FromReader) => {
    if (stopped) return;
    if (m.type === 'chunk') {
      queue.push(new Uint8Array(m.bytes, 0, m.length));
      scheduled ??= setImmediate(pump);
    } else {
      fail(Object.assign(new Error(m.message), { code: m.code }));
    }
  });
  worker.on('error', (err) => fail(err));

  const stop = async () => {
    if (!stopped) {
      stopped = true;
      clearImmediate(scheduled as NodeJS.Immediate);
      clearTimeout(scheduled as NodeJS.Timeout);
      queue.length = 0;
      Atomics.store(ctl, CTL.stop, 1);
      Atomics.notify(ctl, CTL.stop);
      Atomics.notify(ctl, CTL.queued);
    }
    // The thread closes trace_pipe itself: a terminated thread would leave
    // the descriptor open, and the next reader would find it busy.
    await exited;
  };

  return {
    spool: () => ({ queuedBytes: Atomics.load(ctl, CTL.queued), fullMs: Atomics.load(ctl, CTL.fullMs) }),
    stop,
  };
}

/** Whether another reader holds trace_pipe (it takes one: EBUSY). Opening
 *  it reads nothing, so a free pipe loses no line to this check. */
export function pipeBusy(path: string): boolean {
  try {
    fs.closeSync(fs.openSync(path, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK));
    return false;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EBUSY') return true;
    throw err;
  }
}

/** Reads and throws away what the pipe holds now: lines from before we
 *  started, and the LOST markers for them, are not this session's. */
export function drainPipe(path: string, maxBytes = 256 << 20): number {
  const fd = fs.openSync(path, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  const buf = Buffer.allocUnsafe(1 << 16);
  let total = 0;
  try {
    while (total < maxBytes) {
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      total += n;
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
  } finally {
    fs.closeSync(fd);
  }
  return total;
}

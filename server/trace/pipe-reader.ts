/**
 * Reads trace_pipe without blocking Node. A plain fs.createReadStream would
 * park a libuv pool thread in a read that only returns when the kernel has
 * data, and can hang on close. Opened O_NONBLOCK, each read returns at once
 * (data or EAGAIN), so reads run on the main loop: drain until empty or a
 * time budget is spent, then yield; when empty, poll again shortly.
 */
import fs from 'node:fs';

export interface PipeReaderOptions {
  /** Wait after finding the pipe empty. */
  idleMs?: number;
  /** Longest stretch of reading before yielding to other work. */
  budgetMs?: number;
}

export interface PipeReader {
  stop(): void;
}

export function readPipe(
  path: string,
  onChunk: (chunk: Uint8Array) => void,
  onError: (err: Error) => void,
  { idleMs = 10, budgetMs = 20 }: PipeReaderOptions = {},
): PipeReader {
  const fd = fs.openSync(path, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  const buf = Buffer.allocUnsafe(1 << 20);
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const pump = () => {
    timer = undefined;
    const deadline = performance.now() + budgetMs;
    let filled = 0;
    let empty = false;
    try {
      while (!stopped && performance.now() < deadline) {
        // The kernel hands out at most a page or two per read.
        if (buf.length - filled < 16384) {
          onChunk(buf.subarray(0, filled));
          filled = 0;
        }
        const n = fs.readSync(fd, buf, filled, buf.length - filled, null);
        if (n === 0) {
          empty = true;
          break;
        }
        filled += n;
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EAGAIN') {
        empty = true;
      } else {
        stop();
        onError(err as Error);
        return;
      }
    }
    if (filled > 0) onChunk(buf.subarray(0, filled));
    if (stopped) return;
    timer = empty ? setTimeout(pump, idleMs) : setTimeout(pump, 0);
  };

  const stop = () => {
    if (stopped) return;
    stopped = true;
    if (timer) clearTimeout(timer);
    fs.closeSync(fd);
  };

  timer = setTimeout(pump, 0);
  return { stop };
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

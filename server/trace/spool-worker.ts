/**
 * The trace_pipe reader thread. It only moves bytes, as `cat` does: reads
 * fill a chunk, and a chunk's whole lines go to the main thread, which
 * parses and stores them behind it. So a burst lands in this process's
 * memory instead of the kernel's overrun. While the spool is full it waits
 * for room (the kernel's buffer holds the lines meanwhile) and counts the
 * time; it never drops a byte itself.
 */
import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { CHUNK_BYTES, CTL, wholeLinesEnd, type FromReader, type SpoolWorkerData } from './spool';

/** Read on while this much of the chunk is free (trace_pipe hands out
 *  about a page per read). */
const MIN_READ = 8192;
/** Longest single wait for room, so a stop is seen. */
const ROOM_WAIT_MS = 50;

const { path, ctl: ctlBuffer, capacity, idleMs } = (workerData as { data: SpoolWorkerData }).data;
const ctl = new Int32Array(ctlBuffer);
const port = parentPort!;
const send = (m: FromReader, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
const stopping = () => Atomics.load(ctl, CTL.stop) !== 0;

function run(fd: number): void {
  let chunk = new Uint8Array(CHUNK_BYTES);
  let filled = 0;
  while (!stopping()) {
    let n = 0;
    try {
      n = fs.readSync(fd, chunk, filled, chunk.length - filled, null);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
    }
    filled += n;
    if (n > 0 && chunk.length - filled >= MIN_READ) continue;
    // The pipe is empty or the chunk is full: hand over its whole lines (a
    // line longer than a chunk goes as it is; the splitter reports it).
    const end = wholeLinesEnd(chunk, filled) || (filled === chunk.length ? filled : 0);
    if (end > 0) {
      waitForRoom(end);
      if (stopping()) return;
      Atomics.add(ctl, CTL.queued, end);
      if (end < CHUNK_BYTES / 2) {
        // A trickle: a copy, so a slow main thread does not hold a whole
        // chunk's memory for every few lines.
        send({ type: 'chunk', bytes: chunk.slice(0, end).buffer, length: end });
        chunk.copyWithin(0, end, filled);
      } else {
        const next = new Uint8Array(CHUNK_BYTES);
        next.set(chunk.subarray(end, filled));
        send({ type: 'chunk', bytes: chunk.buffer as ArrayBuffer, length: end }, [chunk.buffer as ArrayBuffer]);
        chunk = next;
      }
      filled -= end;
    }
    if (n === 0) Atomics.wait(ctl, CTL.stop, 0, idleMs);
  }
}

let waitedMs = 0;

/** Blocks until `bytes` more fit in the spool (or a stop). */
function waitForRoom(bytes: number): void {
  for (;;) {
    const queued = Atomics.load(ctl, CTL.queued);
    if (queued === 0 || queued + bytes <= capacity || stopping()) return;
    const t0 = performance.now();
    // Woken when the main thread takes a chunk.
    Atomics.wait(ctl, CTL.queued, queued, ROOM_WAIT_MS);
    waitedMs += performance.now() - t0;
    Atomics.store(ctl, CTL.fullMs, Math.round(waitedMs));
  }
}

let fd: number | undefined;
try {
  fd = fs.openSync(path, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  run(fd);
} catch (err) {
  const e = err as NodeJS.ErrnoException;
  send({ type: 'error', message: e.message, code: e.code });
} finally {
  if (fd !== undefined) fs.closeSync(fd);
}

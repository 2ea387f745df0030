/**
 * What the trace_pipe reader thread (spool-worker.ts) and the main thread
 * (pipe-reader.ts) share: the control words in shared memory and the
 * messages. The spool is the chunks read but not yet parsed; its size is
 * bounded, and while it is full the reader waits and the kernel's own
 * buffer holds the lines (what that drops is counted as overrun).
 */

/** Slots of the shared Int32Array. */
export const CTL = {
  /** Set to 1 by the main thread: the reader closes trace_pipe and ends. */
  stop: 0,
  /** Bytes handed over and not yet parsed. */
  queued: 1,
  /** Milliseconds the reader has waited for room in a full spool. */
  fullMs: 2,
} as const;
export const CTL_SLOTS = 3;

/** A chunk handed over at a time: about 250 lines, a few ms of parsing,
 *  so the main thread can answer requests between chunks. */
export const CHUNK_BYTES = 64 * 1024;

export interface SpoolWorkerData {
  path: string;
  ctl: SharedArrayBuffer;
  /** The most bytes queued at once. */
  capacity: number;
  /** Sleep after finding the pipe empty. */
  idleMs: number;
}

export type FromReader =
  /** bytes[0, length) is whole lines (unless one line outgrew a chunk). */
  | { type: 'chunk'; bytes: ArrayBuffer; length: number }
  | { type: 'error'; message: string; code: string | undefined };

/** Where the last whole line of buf[0, filled) ends (0: no newline). */
export function wholeLinesEnd(buf: Uint8Array, filled: number): number {
  return filled > 0 ? buf.lastIndexOf(10, filled - 1) + 1 : 0;
}

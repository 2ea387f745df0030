/**
 * The spool reader on a FIFO, which behaves as trace_pipe does for it: a
 * stream of lines that ends nowhere in particular, read non-blocking.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '../testing/backend';
import { LineSplitter } from './line-splitter';
import { readPipe, type PipeReader } from './pipe-reader';

let dir: string;
let fifo: string;
/** Writers still blocked on the FIFO when a test fails: ended after it. */
const writers: ChildProcess[] = [];
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'odash-spool-'));
  fifo = path.join(dir, 'pipe');
  execFileSync('mkfifo', [fifo]);
});
afterEach(() => {
  for (const w of writers.splice(0)) w.kill();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Writes the text into the FIFO from another process (it blocks while
 *  the pipe is full, as the kernel's writer never does: nothing is lost). */
function writeFifo(text: string): Promise<void> {
  const src = path.join(dir, 'src');
  fs.writeFileSync(src, text, 'latin1');
  const child = spawn('sh', ['-c', 'exec cat "$1" > "$2"', 'sh', src, fifo], { stdio: 'ignore' });
  writers.push(child);
  return new Promise((resolve, reject) => child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`cat exited ${code}`)))));
}

function collect() {
  const lines: string[] = [];
  let overlong = 0;
  const splitter = new LineSplitter((l) => lines.push(l), () => overlong++, 256 * 1024);
  return { lines, overlong: () => overlong, onChunk: (c: Uint8Array) => splitter.push(c) };
}

const openFds = (target: string) =>
  fs.readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return fs.readlinkSync(`/proc/self/fd/${fd}`) === target;
    } catch {
      return false;
    }
  }).length;

describe('readPipe', () => {
  let reader: PipeReader | undefined;
  afterEach(async () => {
    await reader?.stop();
    reader = undefined;
  });

  it('hands on every line whole and in order, a line longer than a chunk too', async () => {
    const want = Array.from({ length: 30_000 }, (_, i) => `line ${i} ${'x'.repeat(i % 300)}`);
    want.splice(12_345, 0, 'L'.repeat(100_000), '\u00ff\u0001 bytes');
    const got = collect();
    const errors: Error[] = [];
    reader = readPipe(fifo, got.onChunk, (e) => errors.push(e), { spoolBytes: 8 << 20 });
    await writeFifo(`${want.join('\n')}\n`);
    await waitFor(async () => (got.lines.length >= want.length ? true : undefined), 'every line');
    expect(errors).toEqual([]);
    expect(got.overlong()).toBe(0);
    expect(got.lines).toEqual(want);
    expect(reader.spool().queuedBytes).toBe(0);
  });

  it('waits while the spool is full and loses nothing; never holds much more than it may', async () => {
    const want = Array.from({ length: 20_000 }, (_, i) => `event ${i} ${'p'.repeat(40)}`);
    const lines: string[] = [];
    const splitter = new LineSplitter((l) => lines.push(l), () => undefined);
    let peak = 0;
    const spoolBytes = 128 * 1024;
    reader = readPipe(
      fifo,
      (chunk) => {
        peak = Math.max(peak, reader!.spool().queuedBytes);
        splitter.push(chunk);
        // A slow parser: the reader must wait for it, not run ahead.
        const until = performance.now() + 2;
        while (performance.now() < until);
      },
      (e) => {
        throw e;
      },
      { spoolBytes },
    );
    await writeFifo(`${want.join('\n')}\n`);
    await waitFor(async () => (lines.length >= want.length ? true : undefined), 'every line');
    expect(lines).toEqual(want);
    expect(peak).toBeLessThanOrEqual(spoolBytes);
    await waitFor(async () => (reader!.spool().fullMs > 0 ? true : undefined), 'the wait to be counted');
  });

  it('closes the pipe on stop, so the next reader can open it', async () => {
    reader = readPipe(fifo, () => undefined, () => undefined, { spoolBytes: 1 << 20 });
    await waitFor(async () => (openFds(fifo) === 1 ? true : undefined), 'the reader to open the pipe');
    await reader.stop();
    expect(openFds(fifo)).toBe(0);
  });

  it('says why it cannot read', async () => {
    const errors: NodeJS.ErrnoException[] = [];
    reader = readPipe(path.join(dir, 'missing'), () => undefined, (e) => errors.push(e), { spoolBytes: 1 << 20 });
    const err = await waitFor(async () => errors[0], 'the error');
    expect(err.code).toBe('ENOENT');
    expect(err.message).toMatch(/missing/);
  });
});

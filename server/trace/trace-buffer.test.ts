import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { growTraceBuffer, parseBufferSizeKb, restoreTraceBuffer } from './trace-buffer';

describe('parseBufferSizeKb', () => {
  it('reads the size in force, expanded or not', () => {
    expect(parseBufferSizeKb('7 (expanded: 1408)\n')).toBe(7);
    expect(parseBufferSizeKb('1408\n')).toBe(1408);
    expect(parseBufferSizeKb('X\n')).toBeUndefined();
  });
});

describe('growing and restoring the trace buffer', () => {
  // A folder standing in for tracefs: the logic is all in which file says what.
  const setup = (size: string) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'odash-tb-'));
    fs.writeFileSync(path.join(dir, 'buffer_size_kb'), size);
    const read = () => fs.readFileSync(path.join(dir, 'buffer_size_kb'), 'utf8');
    return { dir, note: path.join(dir, 'state', 'note'), read };
  };

  it('grows, notes the old size, and puts it back', () => {
    const { dir, note, read } = setup('7 (expanded: 1408)\n');
    const change = growTraceBuffer(dir, 8192, note);
    expect(change).toEqual({ previousKb: 7, currentKb: 8192 });
    expect(read()).toBe('8192');
    expect(fs.readFileSync(note, 'utf8').trim()).toBe('7');
    restoreTraceBuffer(dir, change, note);
    expect(read()).toBe('7');
    expect(fs.existsSync(note)).toBe(false);
  });

  it('never shrinks a bigger buffer', () => {
    const { dir, note, read } = setup('16384\n');
    const change = growTraceBuffer(dir, 8192, note);
    expect(change.previousKb).toBeUndefined();
    restoreTraceBuffer(dir, change, note);
    expect(read()).toBe('16384\n');
  });

  it('after a crash, restores the size from before the crashed run', () => {
    const { dir, note, read } = setup('7\n');
    growTraceBuffer(dir, 8192, note); // then kill -9: no restore
    const change = growTraceBuffer(dir, 8192, note);
    expect(change.previousKb).toBe(7);
    restoreTraceBuffer(dir, change, note);
    expect(read()).toBe('7');
  });
});

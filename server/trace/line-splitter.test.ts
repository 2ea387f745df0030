import { describe, expect, it } from 'vitest';
import { LineSplitter } from './line-splitter';

function split(chunks: (string | Uint8Array)[], maxLine?: number) {
  const lines: string[] = [];
  let overlong = 0;
  const s = new LineSplitter((l) => lines.push(l), () => overlong++, maxLine);
  for (const c of chunks) s.push(typeof c === 'string' ? Buffer.from(c, 'latin1') : c);
  s.end();
  return { lines, overlong };
}

describe('LineSplitter', () => {
  it('joins lines across chunk boundaries', () => {
    expect(split(['ab', 'c\nde', 'f\n\ng']).lines).toEqual(['abc', 'def', '', 'g']);
  });
  it('keeps every byte, one char per byte', () => {
    const { lines } = split([new Uint8Array([0xff, 0x00, 0xc3, 0x0a])]);
    expect(lines).toEqual(['\u00ff\u0000\u00c3']);
  });
  it('drops and reports an over-long line, then goes on', () => {
    expect(split(['x'.repeat(10), 'y'.repeat(10), '\nok\n'], 16)).toEqual({ lines: ['ok'], overlong: 1 });
    expect(split(['x'.repeat(20) + '\nok\n'], 16)).toEqual({ lines: ['ok'], overlong: 1 });
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ForeignLine } from '../../protocol/views';
import { appendLines, lineSegments, NO_LINES } from './trace-pipe';

const lines = (...seqs: number[]): ForeignLine[] => seqs.map((seq) => ({ seq, ts: null, line: `l${seq}` }));
const shown = (line: string) => lineSegments(line).map((s) => s.text).join('');
/** A string of these bytes, one char per byte, as lines arrive. */
const bytes = (...b: number[]) => String.fromCharCode(...b);

describe('appendLines', () => {
  it('adds the new lines after the held ones, skipping any it holds', () => {
    const a = appendLines(NO_LINES, lines(1, 2, 3));
    expect(a.lines.map((l) => l.seq)).toEqual([1, 2, 3]);
    const b = appendLines(a, lines(3, 4));
    expect(b.lines.map((l) => l.seq)).toEqual([1, 2, 3, 4]);
    expect(appendLines(b, lines(2, 4))).toBe(b);
    expect(appendLines(b, [])).toBe(b);
  });

  it('keeps the newest max, counting what it let go', () => {
    const a = appendLines(NO_LINES, lines(1, 2, 3), 4);
    const b = appendLines(a, lines(4, 5, 6), 4);
    expect(b).toEqual({ lines: lines(3, 4, 5, 6), trimmed: 2 });
    expect(appendLines(b, lines(7, 8, 9, 10, 11), 4)).toEqual({ lines: lines(8, 9, 10, 11), trimmed: 7 });
  });
});

describe('lineSegments', () => {
  it('leaves printable ASCII alone', () => {
    const line = '  <idle>-0  [001] ..s2.  123.456789: bpf_trace_printk: Dst IP: 10.0.0.1';
    expect(lineSegments(line)).toEqual([{ text: line, control: false, raw: line }]);
  });

  it('shows controls as escapes, a backslash as \\\\', () => {
    expect(shown('a\tb\u0000\u001b[31m\u007f\\x0a')).toBe('a\\tb\\x00\\x1b[31m\\x7f\\\\x0a');
    const segs = lineSegments('a\u0001\u0002b');
    expect(segs).toEqual([
      { text: 'a', control: false, raw: 'a' },
      { text: '\\x01\\x02', control: true, raw: '\u0001\u0002' },
      { text: 'b', control: false, raw: 'b' },
    ]);
  });

  it('decodes well-formed UTF-8 and spells out every other byte', () => {
    const utf8 = (s: string) => Array.from(new TextEncoder().encode(s));
    expect(shown(bytes(...utf8('café 日本 🙂')))).toBe('café 日本 🙂');
    // Latin-1 é alone, a cut sequence, an overlong '/', a surrogate, past U+10FFFF.
    expect(shown(bytes(0x63, 0xe9))).toBe('c\\xe9');
    expect(shown(bytes(0xe6, 0x97))).toBe('\\xe6\\x97');
    expect(shown(bytes(0xc0, 0xaf))).toBe('\\xc0\\xaf');
    expect(shown(bytes(0xed, 0xa0, 0x80))).toBe('\\xed\\xa0\\x80');
    expect(shown(bytes(0xf4, 0x90, 0x80, 0x80))).toBe('\\xf4\\x90\\x80\\x80');
    // Invisible and bidi characters, even well-formed, are spelled out too.
    expect(shown(bytes(...utf8('/tmp/\u202egpj.sh\u200b')))).toBe('/tmp/\\u202egpj.sh\\u200b');
    expect(shown(bytes(0xc2, 0x85))).toBe('\\u0085');
  });

  it('never lets a control, invisible or raw high byte through, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (b) => {
        for (const s of lineSegments(String.fromCharCode(...b))) {
          if (!s.control) expect(s.text).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\\]/);
          else expect(s.text).toMatch(/^[\x21-\x7e]+$/);
        }
      }),
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readRecordLine, RECORD_HEADER, recordLine, recordTagLine } from './record-format';

const TAG = '8123456789abcdef';

describe('record format', () => {
  it('gives back every trace line as it was, none read as a tag line or header', () => {
    const hostile = [
      `#odash-tag ${TAG}`, RECORD_HEADER, `\\#odash-tag ${TAG}`, '\\\\x', '\\', '#', '', ' #odash-tag x',
      `#odash-tag ab-77    [001] ...21   11.3: bpf_trace_printk: odash tag=${TAG}`,
      'CPU:0 [LOST 3 EVENTS]', '\xff\x00#odash-tag\r',
    ];
    for (const line of hostile) {
      const written = recordLine(line);
      expect(written.startsWith('#')).toBe(false);
      expect(readRecordLine(written, true)).toEqual({ kind: 'trace', line });
    }
  });

  it('round-trips any line the splitter can give', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('', '#', '\\', '\\#', '#odash-tag ', RECORD_HEADER),
        fc.uint8Array({ maxLength: 200 }),
        (start, bytes) => {
          // Latin1, one char a byte, never a newline: as the splitter gives them.
          const line = start + Buffer.from(bytes.filter((b) => b !== 0x0a)).toString('latin1');
          expect(readRecordLine(recordLine(line), true)).toEqual({ kind: 'trace', line });
        },
      ),
    );
  });

  it('reads back its tag lines and header', () => {
    expect(readRecordLine(recordTagLine(TAG), true)).toEqual({ kind: 'tag', tag: TAG });
    expect(readRecordLine(recordTagLine(TAG), false)).toEqual({ kind: 'tag', tag: TAG });
    expect(readRecordLine(RECORD_HEADER, false)).toEqual({ kind: 'header' });
    expect(readRecordLine(RECORD_HEADER, true)).toEqual({ kind: 'header' });
  });

  it('takes only a tag of exactly 16 lowercase hex digits', () => {
    const bad = ['', '8123', '8123456789ABCDEF', `${TAG} `, ` ${TAG}`, `${TAG}0`, `${TAG}\r`, '8123456789abcdeg'];
    for (const tag of bad) {
      for (const escaped of [true, false]) {
        expect(readRecordLine(`#odash-tag ${tag}`, escaped)).toEqual({ kind: 'bad', reason: 'bad tag line' });
      }
    }
  });

  it('reads lines of files without the header (captures, older recordings) as they are', () => {
    for (const line of ['\\#odash-tag x', '# tracer: nop', '  cat-1 [000] ...21 1.0: x: y', '']) {
      expect(readRecordLine(line, false)).toEqual({ kind: 'trace', line });
    }
    // With the header, a '#' line we did not write cannot be a trace line.
    expect(readRecordLine('# tracer: nop', true)).toEqual({ kind: 'bad', reason: 'bad record line' });
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_TRACE_SECONDS, PRINTK, findHeader, headerTime, isTraceTime, lostLine, readHeader, readHeaderBytes,
  type TraceHeader,
} from './trace-header';

/** A bpf_printk line: TASK padded as `%16s` pads it, then the rest. */
const line = (task: string, tail = '-1234 [001] d..31  5678.123456') => `${task.padStart(16)}${tail}${PRINTK}odash x`;

/** readHeader at the line's bpf_printk marker; the byte twin, reading the
 *  whole line's bytes, must say the same. */
function read(l: string): TraceHeader | null {
  const end = l.indexOf(PRINTK);
  const h = readHeader(l, end);
  const out: TraceHeader = { tid: -1, cpu: -1, ts: -1, dash: -1, messageAt: -1 };
  expect(readHeaderBytes(Buffer.from(l, 'latin1'), end, out) ? out : null).toEqual(h);
  return h;
}

const utf8 = (s: string) => Buffer.from(s, 'utf8').toString('latin1');

describe('readHeader', () => {
  it('reads the kernel header backward from its end', () => {
    const l = line('node');
    expect(read(l)).toEqual({ tid: 1234, cpu: 1, ts: 5678.123456, dash: 16, messageAt: l.indexOf(PRINTK) + 2 });
  });

  it('takes any task name: fake headers, brackets, dashes, spaces, UTF-8, 16 bytes, unknown', () => {
    const names = [
      'x-9 [003] 1.5: y', '-1 (2) [0] 3.0: ', 'a]- 9 [', '[001] -12', 'x-123', 'bar probe-7', 'node-12', '   ',
      utf8('bäär✓'), 'systemd-journald', 'kworker/u8:2-123', '<...>', '',
    ];
    for (const name of names) {
      const l = line(name);
      const h = { tid: 1234, cpu: 1, ts: 5678.123456, dash: 16, messageAt: l.indexOf(PRINTK) + 2 };
      expect(read(l), name).toEqual(h);
      // From the line's start too: the fake header inside the name loses.
      expect(findHeader(l), name).toEqual(h);
    }
    // From a known end the name may be as long as it is.
    expect(read(line('n'.repeat(100)))).toMatchObject({ tid: 1234, dash: 100 });
  });

  it('reads the tgid column, no irq flags, and counter clocks', () => {
    const cases: [string, Partial<TraceHeader>][] = [
      ['-1234    (   1233) [001] d..31  5678.123456', { tid: 1234, cpu: 1, ts: 5678.123456 }],
      ['-12      (-------) [000]    7.5', { tid: 12, cpu: 0, ts: 7.5 }],
      ['-1234567 (12345678) [003] d..1.    42.000100', { tid: 1234567, cpu: 3, ts: 42.0001 }],
      ['-1234    [001]  5678.123456', { tid: 1234, cpu: 1, ts: 5678.123456 }],
      ['-1234 [001] d..31 98765', { tid: 1234, cpu: 1, ts: 98765 }],
      // A flags token ending in `]` is not the CPU column.
      ['-5 [002] ..] 1.0', { tid: 5, cpu: 2, ts: 1 }],
    ];
    for (const [tail, h] of cases) expect(read(line('cat', tail)), tail).toMatchObject(h);
  });

  it('takes each part up to its width, and no wider', () => {
    const widest = {
      tid: '4294967295', sp1: ' '.repeat(8), tgidPad: ' '.repeat(8), tgid: '1234567890', sp2: ' '.repeat(8),
      cpu: '123456', sp3: ' '.repeat(8), flags: 'dNhs2.ab', sp4: ' '.repeat(8), secs: '1'.repeat(20), frac: '123456789',
    };
    type Parts = typeof widest;
    const build = (p: Parts) =>
      line('x', `-${p.tid}${p.sp1}(${p.tgidPad}${p.tgid})${p.sp2}[${p.cpu}]${p.sp3}${p.flags}${p.sp4}${p.secs}.${p.frac}`);
    const h = read(build(widest));
    expect(h).toMatchObject({ tid: 4294967295, cpu: 123456, ts: Number(`${widest.secs}.${widest.frac}`), dash: 16 });
    expect(findHeader(build(widest))).toEqual(h);
    for (const key of Object.keys(widest) as (keyof Parts)[]) {
      expect(read(build({ ...widest, [key]: widest[key] + widest[key][0] })), key).toBeNull();
    }
  });

  it('reads a timestamp as Number() reads its text, past 2^32 s too', () => {
    // 5645143776.7027689: 17 digits, where an integer sum would round wrong.
    for (const ts of ['4294967295.999999', '4294967296.000000', '5645143776.7027689', '000000000000012.500000', '99999999999999999999.5']) {
      expect(read(line('cat', `-1 [000] .... ${ts}`))?.ts, ts).toBe(Number(ts));
    }
    expect(read(line('cat', `-1 [000] .... ${'9'.repeat(21)}.5`))).toBeNull();
    expect([0, 4294967295.999999].map(isTraceTime)).toEqual([true, true]);
    expect([MAX_TRACE_SECONDS, -1, NaN, Infinity, 1e20].map(isTraceTime)).toEqual([false, false, false, false, false]);
  });

  it('refuses what is not a header', () => {
    const tails = [
      '1234 [001] d..31 5.0', '-1234[001] d..31 5.0', '-1234 [001]d..31 5.0', '-1234 [001] d..31 .5', '-1234 [001] d..31 5.',
      '-1234 [] d..31 5.0', '-1234 (1233 [001] 5.0', '-1234 ( ) [001] 5.0', '-1234\t[001] d..31 5.0', '-x [001] d..31 5.0',
    ];
    for (const tail of tails) expect(read(line('cat', tail)), tail).toBeNull();
    expect(read(`x${PRINTK}odash`)).toBeNull();
    const l = line('cat');
    expect([readHeader(l, 3), readHeader(l, -1), readHeader(l, l.length - 1)]).toEqual([null, null, null]);
  });

  it('reads the same through a window as over the whole line, whatever the bytes', () => {
    const piece = fc.constantFrom('-', '1', '12', ' ', '   ', '[0]', '[', ']', '(', ')', '.', ': ', 'x', '\u00e9', 'd..1.');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 80 }), (pieces) => {
        const l = pieces.join('');
        for (let end = l.indexOf(': '); end >= 0; end = l.indexOf(': ', end + 1)) {
          const out: TraceHeader = { tid: -1, cpu: -1, ts: -1, dash: -1, messageAt: -1 };
          expect(readHeaderBytes(Buffer.from(l, 'latin1'), end, out) ? out : null).toEqual(readHeader(l, end));
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('findHeader', () => {
  it('reads the header at the line start, bounded: the name fits in 24 bytes', () => {
    const real = `${'cat'.padStart(16)}-1 [000] ..... 1.5: x-2 [000] ..... 2.5: y`;
    expect(findHeader(real)).toMatchObject({ ts: 1.5, dash: 16 });
    // Without irq flags, a message starting with a number is no flags column.
    expect(headerTime(`${'cat'.padStart(16)}-1 [000] 5.0: 6.0: x`)).toBe(5);
    expect(headerTime(`${'n'.repeat(24)}-1 [0] .... 1.5: x`)).toBe(1.5);
    expect(headerTime(`${'n'.repeat(25)}-1 [0] .... 1.5: x`)).toBeNull();
    // A split line's second part: the name's tail, then the header.
    expect(findHeader('b-77 [000] .... 3.25: sched_switch: x')).toMatchObject({ tid: 77, ts: 3.25, dash: 1 });
  });

  it('gives no time for a line without a header or with a time no clock reads', () => {
    for (const l of ['', 'garbage', 'Dst IP: 10.0.0.1', 'CPU:0 [LOST 3 EVENTS]', line('cat', '-1 [000] .... 4294967296.0')]) {
      expect(headerTime(l), l).toBeNull();
    }
    expect(findHeader(line('cat', '-1 [000] .... 4294967296.0'))?.ts).toBe(4294967296);
  });
});

describe('lostLine', () => {
  it("reads the kernel's marker for dropped events, and nothing else", () => {
    expect(lostLine('CPU:1 [LOST 50 EVENTS]')).toEqual({ cpu: 1, count: 50 });
    expect(lostLine('CPU:127 [LOST 18446744073709551615 EVENTS]')).toEqual({ cpu: 127, count: 18446744073709551615 });
    for (const l of ['CPU:1 [LOST 50 EVENTS] ', ' CPU:1 [LOST 5 EVENTS]', 'CPU:1 [LOST -5 EVENTS]', 'CPU:1234567 [LOST 5 EVENTS]', '', line('cat')]) {
      expect(lostLine(l), l).toBeNull();
    }
  });
});

describe('reading hostile lines', () => {
  it('reads a 1 MB line of header-like bytes in well under 100 ms', () => {
    const fill = (unit: string) => unit.repeat(Math.ceil((1 << 20) / unit.length));
    const lines = [
      fill('-1 '), fill(': '), `${fill('1')}: `, fill('-1 [0] 1.5: '), `${fill(' ')}: `, fill('[1] '), fill('(-) 1: '),
      `CPU:${fill('1')}`, `${fill('x')}-1 [0] .... 1.5: y`, `-1 [0] .... ${fill('1')}.5: `, `-1 [0] ${fill('.')} 1.5: `,
    ];
    for (const l of lines) {
      const end = l.lastIndexOf(': ');
      const bytes = Buffer.from(l, 'latin1');
      const out: TraceHeader = { tid: 0, cpu: 0, ts: 0, dash: 0, messageAt: 0 };
      const t0 = performance.now();
      readHeader(l, end);
      readHeaderBytes(bytes, end, out);
      findHeader(l);
      headerTime(l);
      lostLine(l);
      expect(performance.now() - t0, l.slice(0, 20)).toBeLessThan(100);
    }
  });
});

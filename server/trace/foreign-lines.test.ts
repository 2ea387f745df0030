import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foreignLinesAnswerSchema } from '../../protocol/views';
import { ForeignLines } from './foreign-lines';
import { headerTime } from './trace-header';

const PRINTK = '  <idle>-0  [001] ..s2.  123.456789: bpf_trace_printk: Dst IP: 10.0.0.1';
const SWITCH =
  '          <idle>-0       [002] d..2.  5000.000001: sched_switch: prev_comm=swapper/2 prev_pid=0 prev_state=R ==> next_comm=kworker/2:1 next_pid=77 next_prio=120';

const filled = (lines: string[], opts?: ConstructorParameters<typeof ForeignLines>[0]) => {
  const f = new ForeignLines(opts);
  for (const l of lines) f.push(l);
  return f;
};
const seqs = (a: { lines: { seq: number }[] }) => a.lines.map((l) => l.seq);
const texts = (a: { lines: { line: string }[] }) => a.lines.map((l) => l.line);
const numbered = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}`);

describe('ForeignLines', () => {
  it('numbers lines from 1 and gives the newest `limit`, oldest first, without `after`', () => {
    const f = filled(numbered(10));
    const a = f.query({ limit: 3 });
    expect(seqs(a)).toEqual([8, 9, 10]);
    expect(texts(a)).toEqual(['line 8', 'line 9', 'line 10']);
    expect(a).toMatchObject({ next: 10, dropped: 0, total: 10 });
    expect(seqs(f.query({ limit: 100 }))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(foreignLinesAnswerSchema.parse(a)).toEqual(a);
  });

  it('gives the lines after `after`, oldest first, `limit` at a time; next is the last seq given', () => {
    const f = filled(numbered(10));
    const a = f.query({ after: 0, limit: 4 });
    expect(seqs(a)).toEqual([1, 2, 3, 4]);
    expect(a.next).toBe(4);
    const b = f.query({ after: a.next, limit: 4 });
    expect(seqs(b)).toEqual([5, 6, 7, 8]);
    const c = f.query({ after: b.next, limit: 4 });
    expect(seqs(c)).toEqual([9, 10]);
    // Nothing new: next stays where it was.
    expect(f.query({ after: c.next, limit: 4 })).toEqual({ lines: [], next: 10, dropped: 0, total: 10 });
    f.push('line 11');
    expect(texts(f.query({ after: 10, limit: 4 }))).toEqual(['line 11']);
    // A cursor past the end (the backend restarted): nothing, total tells.
    expect(f.query({ after: 99, limit: 4 })).toEqual({ lines: [], next: 99, dropped: 0, total: 11 });
  });

  it('is empty before any line', () => {
    expect(new ForeignLines().query({ limit: 10 })).toEqual({ lines: [], next: 0, dropped: 0, total: 0 });
    expect(new ForeignLines().query({ after: 0, limit: 10 })).toEqual({ lines: [], next: 0, dropped: 0, total: 0 });
  });

  it('keeps every byte as it came (latin1: one char per byte)', () => {
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i)).toString('latin1');
    const lines = [all, '', '\u0000', '\r\u001b[31mred\u001b[0m\u0085\u00ad', 'x\\x0ay', 'ÿ'.repeat(100)];
    const f = filled(lines);
    const a = f.query({ limit: 10 });
    expect(texts(a)).toEqual(lines);
    expect(a.lines.every((l) => l.ts === null && l.cut === undefined)).toBe(true);
  });

  it('keeps every byte across any pushes, wraps and bounds (a model check)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 60 }), { maxLength: 120 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 40, max: 400 }),
        (raw, maxLines, maxBytes) => {
          const maxLineLength = 40;
          const f = new ForeignLines({ maxLines, maxBytes, maxLineLength });
          const lines = raw.map((b) => Buffer.from(b).toString('latin1'));
          for (const l of lines) f.push(l);
          const all = f.query({ after: 0, limit: 1000 });
          expect(all.total).toBe(lines.length);
          expect(all.dropped + all.lines.length).toBe(lines.length);
          expect(all.lines.length).toBeLessThanOrEqual(maxLines);
          expect(f.heldBytes).toBeLessThanOrEqual(maxBytes);
          // The held lines are the newest, each as it was pushed (cut).
          all.lines.forEach((l, i) => {
            const seq = lines.length - all.lines.length + 1 + i;
            const want = lines[seq - 1]!;
            expect(l.seq).toBe(seq);
            expect(l.line).toBe(want.slice(0, maxLineLength));
            expect(l.cut).toBe(want.length > maxLineLength ? true : undefined);
          });
          // Room is only made when needed: the newest line is always held.
          if (lines.length > 0) expect(all.lines.at(-1)?.seq).toBe(lines.length);
        },
      ),
    );
  });

  it('drops the oldest lines past maxLines, counting them', () => {
    const f = filled(numbered(12), { maxLines: 5 });
    const a = f.query({ limit: 100 });
    expect(seqs(a)).toEqual([8, 9, 10, 11, 12]);
    expect(texts(a)).toEqual(['line 8', 'line 9', 'line 10', 'line 11', 'line 12']);
    expect(a).toMatchObject({ dropped: 7, total: 12 });
    // A cursor older than what is held starts at the oldest held line.
    expect(seqs(f.query({ after: 2, limit: 2 }))).toEqual([8, 9]);
  });

  it('drops the oldest lines past maxBytes, counting them', () => {
    const line = (i: number) => `${String(i).padStart(3, '0')}${'x'.repeat(27)}`; // 30 bytes
    const f = filled(Array.from({ length: 10 }, (_, i) => line(i + 1)), { maxBytes: 100, maxLineLength: 50 });
    const a = f.query({ limit: 100 });
    // Three 30-byte lines fit in 100 bytes.
    expect(texts(a)).toEqual([line(8), line(9), line(10)]);
    expect(a).toMatchObject({ dropped: 7, total: 10 });
    expect(f.heldBytes).toBe(90);
    // A line as long as it may be goes in (cut), and takes the room it
    // needs from the oldest lines: here the two of them after line 10.
    f.push('y'.repeat(80));
    expect(texts(f.query({ limit: 100 }))).toEqual([line(10), 'y'.repeat(50)]);
    expect(f.dropped).toBe(9);
    expect(f.heldBytes).toBe(80);
  });

  it('holds 5000 lines and about 2 MB by default', () => {
    const f = filled(numbered(6000));
    expect(f.size).toBe(5000);
    expect(f.dropped).toBe(1000);
    const long = 'z'.repeat(3000);
    for (let i = 0; i < 2000; i++) f.push(long);
    expect(f.heldBytes).toBeLessThanOrEqual(2 * 1024 * 1024);
    expect(f.size).toBe(Math.floor((2 * 1024 * 1024) / 2000));
    const newest = f.query({ limit: 1 }).lines[0]!;
    expect(newest).toEqual({ seq: 8000, ts: null, line: 'z'.repeat(2000), cut: true });
  });

  it('reads the trace timestamp from the header, whatever the task name holds', () => {
    expect(headerTime(PRINTK)).toBe(123.456789);
    expect(headerTime(SWITCH)).toBe(5000.000001);
    // The tgid column (options/record-tgid), no irq flags, a 7-digit pid.
    expect(headerTime('           bash-1234567 (1234567) [003] d..1.    42.000100: sys_enter: NR 0')).toBe(42.0001);
    expect(headerTime('           <...>-12      (-------) [000]    7.5: bpf_trace_printk: hi')).toBe(7.5);
    // A task name that is a header itself: the real one is right of it.
    expect(headerTime('-1 [0] 1.5: ab-42     [003] ..... 9.000001: bpf_trace_printk: x')).toBe(9.000001);
    expect(headerTime('\u0000\u00ff\u001b[2J x-y [1]-77     [000] ..... 3.25: bpf_trace_printk: x')).toBe(3.25);
    // No header (a split line's tail, a lost marker): null.
    expect(headerTime('Dst IP: 10.0.0.1')).toBeNull();
    expect(headerTime('CPU:0 [LOST 3 EVENTS]')).toBeNull();
    expect(headerTime('')).toBeNull();
    // A header too late in the line is a message, not a header.
    expect(headerTime(`${'m'.repeat(40)}-1 [0] .... 1.5: x`)).toBeNull();
    const f = filled([PRINTK, 'no header']);
    expect(f.query({ limit: 2 }).lines.map((l) => l.ts)).toEqual([123.456789, null]);
    // Read once, then kept.
    expect(f.query({ limit: 2 }).lines.map((l) => l.ts)).toEqual([123.456789, null]);
  });

  it('reads a timestamp in time bounded on any line', () => {
    const hostile = `${'-1 '.repeat(5000)}${' '.repeat(5000)}[${'1'.repeat(5000)}`;
    const t0 = performance.now();
    for (let i = 0; i < 1000; i++) headerTime(hostile);
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('searches for plain text, ASCII letters in either case, through all it holds', () => {
    const f = filled([PRINTK, SWITCH, 'a.*b', 'DST ip: 10.0.0.2', 'café', 'x\u00e9y', 'nothing']);
    expect(texts(f.query({ q: 'dst ip', limit: 10 }))).toEqual([PRINTK, 'DST ip: 10.0.0.2']);
    expect(texts(f.query({ q: 'SCHED_switch', limit: 10 }))).toEqual([SWITCH]);
    // Never a pattern.
    expect(texts(f.query({ q: '.*', limit: 10 }))).toEqual(['a.*b']);
    expect(texts(f.query({ q: '[001]', limit: 10 }))).toEqual([PRINTK]);
    expect(f.query({ q: '(a|b)+', limit: 10 }).lines).toEqual([]);
    // The text is matched as UTF-8 bytes: "é" is the two bytes c3 a9.
    const utf8 = Buffer.from('café', 'utf8').toString('latin1');
    f.push(utf8);
    expect(texts(f.query({ q: 'É', limit: 10 }))).toEqual([]);
    expect(texts(f.query({ q: 'é', limit: 10 }))).toEqual([utf8]);
    expect(texts(f.query({ q: 'CAFé', limit: 10 }))).toEqual([utf8]);
    // An empty search is no search.
    expect(f.query({ q: '', limit: 100 }).lines).toHaveLength(8);
  });

  it('applies after and limit to the matching lines', () => {
    const f = filled(Array.from({ length: 20 }, (_, i) => (i % 2 ? `odd ${i + 1}` : `even ${i + 1}`)));
    const newest = f.query({ q: 'ODD', limit: 3 });
    expect(texts(newest)).toEqual(['odd 16', 'odd 18', 'odd 20']);
    expect(newest.next).toBe(20);
    const first = f.query({ q: 'odd', after: 0, limit: 3 });
    expect(texts(first)).toEqual(['odd 2', 'odd 4', 'odd 6']);
    expect(first.next).toBe(6);
    expect(texts(f.query({ q: 'odd', after: first.next, limit: 2 }))).toEqual(['odd 8', 'odd 10']);
    expect(f.query({ q: 'none', after: 5, limit: 3 })).toEqual({ lines: [], next: 5, dropped: 0, total: 20 });
    // A search needs the whole needle: longer than a line never matches.
    expect(f.query({ q: 'odd 2 and more', limit: 3 }).lines).toEqual([]);
  });

  it('searches only what was kept of a cut line', () => {
    const f = filled([`${'a'.repeat(30)}needle`], { maxLineLength: 32, maxBytes: 64 });
    expect(f.query({ q: 'a', limit: 1 }).lines[0]).toMatchObject({ cut: true, line: 'a'.repeat(30) + 'ne' });
    expect(f.query({ q: 'needle', limit: 1 }).lines).toEqual([]);
  });

  it('refuses bounds that cannot hold a line', () => {
    expect(() => new ForeignLines({ maxBytes: 10, maxLineLength: 20 })).toThrow();
    expect(() => new ForeignLines({ maxLines: 0 })).toThrow();
  });
});

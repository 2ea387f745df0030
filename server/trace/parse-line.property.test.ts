/**
 * Property tests: whatever bytes reach the parser, it never throws and never
 * makes an event out of them; every event we print round-trips exactly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SYSCALLS, UNATTRIBUTED, type TraceEvent } from '../../protocol/event';
import { escapeBytes, message, traceLine } from '../testing/printk';
import { EVENT_BITS, RECORDS } from './line-format';
import { LineSplitter } from './line-splitter';
import { parseLine } from './parse-line';

const TAG = '9f00aa11bb22cc33';
const tags = new Set([TAG]);

/** A line as the kernel prints it for this event; the header's task name is
 *  the raw comm (any bytes but NUL, newline cut out: it would split the line). */
function kernelLine(e: TraceEvent, comm: Uint8Array, path: Uint8Array, full = false): string {
  const task = Buffer.from(comm.filter((b) => b !== 0x0a)).toString('latin1');
  const msg = message(RECORDS.event, TAG, {
    sys: e.syscall, pid: e.pid, uid: e.uid, euid: e.euid, flags: e.flags, ret: e.ret, dur: e.durationNs,
    cg: e.cgroupId, comm: escapeBytes(comm), path: escapeBytes(path),
    bits: (e.truncated ? EVENT_BITS.trunc : 0) | (full ? EVENT_BITS.full : 0),
  });
  return traceLine(task, e.tid, e.cpu, e.ts, msg);
}

const u32 = fc.integer({ min: 0, max: 0xffffffff });
const eventArb = fc.record({
  comm: fc.uint8Array({ minLength: 1, maxLength: 15 }).map((a) => a.map((b) => b || 1)),
  path: fc.uint8Array({ maxLength: 300 }).map((a) => a.map((b) => b || 1)),
  ts: fc.integer({ min: 0, max: 10_000_000_000_000 }).map((n) => n / 1e6),
  cpu: fc.integer({ min: 0, max: 4095 }),
  pid: u32,
  tid: u32,
  uid: u32,
  euid: u32,
  flags: u32,
  ret: fc.integer({ min: -4095, max: 1 << 20 }),
  truncated: fc.boolean(),
  syscall: fc.constantFrom(...SYSCALLS),
  durationNs: fc.oneof(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 1, max: 2 ** 53 - 1 })),
  cgroupId: fc.oneof(fc.integer({ min: 0, max: 1e5 }), fc.integer({ min: 0, max: 2 ** 53 - 1 })),
  full: fc.boolean(),
});

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');

describe('parseLine properties', () => {
  it('round-trips every event the kernel side can print, whatever its name and path', () => {
    fc.assert(
      fc.property(eventArb, (g) => {
        const expected: TraceEvent = {
          ts: g.ts, cpu: g.cpu, pid: g.pid, tid: g.tid, uid: g.uid, euid: g.euid, flags: g.flags, ret: g.ret,
          errno: g.ret < 0 ? -g.ret : 0, truncated: g.truncated, syscall: g.syscall,
          comm: new TextDecoder().decode(g.comm), path: new TextDecoder().decode(g.path),
          durationNs: g.durationNs, cgroupId: g.cgroupId, ...UNATTRIBUTED,
        };
        const r = parseLine(kernelLine(expected, g.comm, g.path, g.full), tags);
        expect(r).toEqual({ kind: 'event', event: expected, full: g.full });
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws and never makes an event from random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        expect(parseLine(latin1(bytes), tags).kind).not.toBe('event');
      }),
      { numRuns: 5000 },
    );
  });

  it('never makes an event from a real line cut at any position', () => {
    fc.assert(
      fc.property(eventArb, fc.nat(), (g, at) => {
        const e = { ...g, errno: 0, comm: '', path: '', ...UNATTRIBUTED } as TraceEvent;
        const line = kernelLine(e, g.comm, g.path);
        const cut = at % line.length;
        expect(parseLine(line.slice(0, cut), tags).kind).not.toBe('event');
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses a real line whose tag was changed in any byte', () => {
    fc.assert(
      fc.property(eventArb, fc.integer({ min: 0, max: TAG.length - 1 }), fc.integer({ min: 0, max: 255 }), (g, at, byte) => {
        fc.pre(String.fromCharCode(byte) !== TAG[at]);
        const e = { ...g, errno: 0, comm: '', path: '', ...UNATTRIBUTED } as TraceEvent;
        const line = kernelLine(e, g.comm, g.path);
        const i = line.indexOf(`tag=${TAG}`) + 4 + at;
        const forged = line.slice(0, i) + String.fromCharCode(byte) + line.slice(i + 1);
        expect(parseLine(forged, tags).kind).not.toBe('event');
      }),
      { numRuns: 3000 },
    );
  });

  it('never throws on a real line with any byte changed', () => {
    fc.assert(
      fc.property(eventArb, fc.nat(), fc.integer({ min: 0, max: 255 }), (g, at, byte) => {
        const e = { ...g, errno: 0, comm: '', path: '', ...UNATTRIBUTED } as TraceEvent;
        const line = kernelLine(e, g.comm, g.path);
        const i = at % line.length;
        const r = parseLine(line.slice(0, i) + String.fromCharCode(byte) + line.slice(i + 1), tags);
        expect(['event', 'foreign', 'unparsed', 'lost']).toContain(r.kind);
      }),
      { numRuns: 3000 },
    );
  });

  it('copes with very long lines, NUL bytes and invalid UTF-8 through the splitter', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.uint8Array({ maxLength: 5000 }), fc.constant(new Uint8Array(200_000).fill(0x41))), {
          maxLength: 5,
        }),
        (chunks) => {
          let lines = 0;
          const s = new LineSplitter(
            (l) => {
              lines++;
              expect(parseLine(l, tags).kind).not.toBe('event');
            },
            () => lines++,
          );
          for (const c of chunks) s.push(c);
          s.end();
        },
      ),
      { numRuns: 300 },
    );
  });
});

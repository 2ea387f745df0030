import { describe, expect, it } from 'vitest';
import { UNATTRIBUTED, type TraceEvent } from '../../protocol/event';
import { EXPORT_FIELDS, exportRecord, exportRecords } from './record';

const ev: TraceEvent = {
  ts: 100.25, cpu: 0, pid: 7, tid: 8, comm: 'cat', uid: 1000, euid: 0, flags: 0o2000101, ret: 3, errno: 0,
  path: 'rel', truncated: false, syscall: 'openat2', durationNs: 2481, cgroupId: 5, ...UNATTRIBUTED, fullPath: '/home/a/rel',
};

describe('export records', () => {
  it('carry every field in the order of EXPORT_FIELDS, with wall time and names for flags and errno', () => {
    const r = exportRecord(ev, Date.UTC(2026, 11, 1, 3, 0, 0));
    expect(Object.keys(r)).toEqual([...EXPORT_FIELDS]);
    expect(r.time).toBe('2026-12-01T03:01:40.250Z');
    expect(r.ts).toBe(100.25);
    expect(r.flags).toBe('O_WRONLY|O_CREAT|O_CLOEXEC');
    expect(r.errno).toBeNull();
    expect(r.full_path).toBe('/home/a/rel');
    expect(r.duration_ns).toBe(2481);
    expect(exportRecord({ ...ev, ret: -13, errno: 13, durationNs: 0 }, 0)).toMatchObject({ errno: 'EACCES', ret: -13, duration_ns: null });
  });

  it("are null where the article's lines say nothing", () => {
    const r = exportRecord({ ...ev, origin: 'article' }, 0);
    expect(Object.entries(r).filter(([, v]) => v !== null).map(([k]) => k)).toEqual(['time', 'ts', 'cpu', 'pid', 'tid', 'comm']);
  });

  it('come oldest first from the store newest-first answer', () => {
    const rs = exportRecords([{ ...ev, ts: 3 }, { ...ev, ts: 2 }, { ...ev, ts: 1 }], 0);
    expect(rs.map((r) => r.ts)).toEqual([1, 2, 3]);
  });
});

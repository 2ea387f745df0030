import { describe, expect, it } from 'vitest';
import { UNATTRIBUTED, type TraceEvent } from '../../protocol/event';
import { csvField, toCsv } from './csv';
import { EXPORT_FIELDS, exportRecord, exportRecords } from './record';
import { parseCsv } from '../testing/csv-reader';

const ev: TraceEvent = {
  ts: 12.5, cpu: 1, pid: 42, tid: 43, comm: 'bar probe-7', uid: 0, euid: 0, flags: 0x80000, ret: -2, errno: 2,
  path: '/tmp/a,b "c"\nd', truncated: false, syscall: 'openat', durationNs: 1000, cgroupId: 0, ...UNATTRIBUTED,
};
const csv = (events: TraceEvent[], bootWallMs: number) => parseCsv(toCsv(exportRecords(events, bootWallMs)));

describe('CSV export', () => {
  it('escapes commas, quotes and newlines so rows read back exactly, oldest first', () => {
    const full = {
      ...ev, start: 7.25, fullPath: '/tmp/a,b "c"\nd', durationNs: 1500, user: 'root', exe: '/usr/bin/cat', unit: 'ssh.service',
      container: 'ab'.repeat(32), cgroup: '/system.slice/ssh.service',
    };
    // Newest first, as the store answers.
    const rows = csv([{ ...ev, ts: 13, path: 'plain', comm: 'x' }, full], 1_000_000);
    expect(rows[0]).toEqual([...EXPORT_FIELDS]);
    expect(rows[1]).toEqual([
      new Date(1_012_500).toISOString(), '12.500000', '1', '42', '7.25', '43', 'bar probe-7', '0', '0', 'openat',
      'O_RDONLY|O_CLOEXEC', '-2', 'ENOENT', '/tmp/a,b "c"\nd', '0', '/tmp/a,b "c"\nd', '0', '1500', 'root', '/usr/bin/cat',
      'ssh.service', 'ab'.repeat(32), '/system.slice/ssh.service',
    ]);
    expect(rows[2]![EXPORT_FIELDS.indexOf('path')]).toBe('plain');
    expect(rows).toHaveLength(3);
  });
  it("leaves empty what the article's lines do not carry", () => {
    const rows = csv([{ ...ev, origin: 'article', uid: 0, path: '', ret: 0, errno: 0, flags: 0 }], 0);
    expect(rows[1]!.slice(3)).toEqual(['42', '', '43', 'bar probe-7', ...Array<string>(16).fill('')]);
  });

  it('writes each record field by field: the JSON record and the CSV line agree', () => {
    const r = exportRecord({ ...ev, errno: 0, ret: 3, durationNs: 0, truncated: true }, 0);
    const [header, line] = parseCsv(toCsv([r]));
    expect(header).toEqual(Object.keys(r));
    expect(line).toEqual(
      Object.values(r).map((v) => (v === null ? '' : v === true ? '1' : v === false ? '0' : v === r.ts ? '12.500000' : String(v))),
    );
  });

  it('keeps spreadsheet formulas inert', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('@cmd')).toBe("'@cmd");
    expect(csvField('/etc/passwd')).toBe('/etc/passwd');
    const rows = csv([{ ...ev, comm: '-cmd', path: '+x' }], 0);
    const at = (f: (typeof EXPORT_FIELDS)[number]) => rows[1]![EXPORT_FIELDS.indexOf(f)];
    expect(at('comm')).toBe("'-cmd");
    expect(at('path')).toBe("'+x");
    expect(at('ret')).toBe('-2');
  });
});

import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../protocol/event';
import { csvField, toCsv } from './csv';
import { parseCsv } from '../testing/csv-reader';

const ev: TraceEvent = {
  ts: 12.5, cpu: 1, pid: 42, tid: 43, comm: 'bar probe-7', uid: 0, euid: 0, flags: 0x80000, ret: -2, errno: 2,
  path: '/tmp/a,b "c"\nd', truncated: false, syscall: 'openat',
};

describe('CSV export', () => {
  it('escapes commas, quotes and newlines so rows read back exactly', () => {
    const rows = parseCsv(toCsv([ev, { ...ev, path: 'plain', comm: 'x' }], 1_000_000));
    expect(rows[0]).toEqual(['time', 'ts', 'cpu', 'pid', 'tid', 'comm', 'uid', 'euid', 'syscall', 'flags', 'ret', 'errno', 'path', 'truncated']);
    expect(rows[1]).toEqual([
      new Date(1_012_500).toISOString(), '12.500000', '1', '42', '43', 'bar probe-7', '0', '0', 'openat',
      'O_RDONLY|O_CLOEXEC', '-2', 'ENOENT', '/tmp/a,b "c"\nd', '0',
    ]);
    expect(rows[2]![12]).toBe('plain');
    expect(rows).toHaveLength(3);
  });
  it("leaves empty what the article's lines do not carry", () => {
    const rows = parseCsv(toCsv([{ ...ev, origin: 'article', uid: 0, path: '', ret: 0, errno: 0, flags: 0 }], 0));
    expect(rows[1]!.slice(3)).toEqual(['42', '43', 'bar probe-7', '', '', '', '', '', '', '', '']);
  });

  it('keeps spreadsheet formulas inert', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('@cmd')).toBe("'@cmd");
    expect(csvField('/etc/passwd')).toBe('/etc/passwd');
  });
});

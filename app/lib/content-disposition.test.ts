import { describe, expect, it } from 'vitest';
import { dispositionFileName } from './content-disposition';

describe('dispositionFileName', () => {
  it('reads the quoted or bare name the server gave', () => {
    expect(dispositionFileName('attachment; filename="ebpf-dash-events-comm=python-20261201T031500Z.csv"')).toBe(
      'ebpf-dash-events-comm=python-20261201T031500Z.csv',
    );
    expect(dispositionFileName('attachment; filename=rules.netset')).toBe('rules.netset');
    expect(dispositionFileName('attachment; filename="a \\"b\\".csv"')).toBe('a "b".csv');
  });
  it("prefers the UTF-8 name, and falls back when it cannot be decoded", () => {
    expect(dispositionFileName(`attachment; filename="x.csv"; filename*=UTF-8''%E2%82%AC.csv`)).toBe('€.csv');
    expect(dispositionFileName(`attachment; filename="x.csv"; filename*=UTF-8''%E2.csv`)).toBe('x.csv');
  });
  it('keeps no directories, and has nothing to say without a name', () => {
    expect(dispositionFileName('attachment; filename="../../etc/passwd"')).toBe('passwd');
    expect(dispositionFileName('attachment')).toBeNull();
    expect(dispositionFileName(null)).toBeNull();
  });
});

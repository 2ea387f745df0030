import { describe, expect, it } from 'vitest';
import { UNATTRIBUTED } from '../../protocol/event';
import { parseArticleLine } from './parse-article';

describe('parseArticleLine', () => {
  it("reads the article's own trace_pipe lines: name, pid, tid, cpu, time", () => {
    const r = parseArticleLine('             vim-3382    [008] ...21   244.378936: bpf_trace_printk: process=vim pid=3382');
    expect(r).toEqual({
      kind: 'event',
      event: {
        ts: 244.378936, cpu: 8, pid: 3382, tid: 3382, comm: 'vim', uid: 0, euid: 0, flags: 0, ret: 0, errno: 0,
        path: '', truncated: false, syscall: 'openat', durationNs: 0, cgroupId: 0, ...UNATTRIBUTED, origin: 'article',
      },
      full: false,
    });
  });
  it('keeps names with spaces and refuses other lines', () => {
    const r = parseArticleLine('     bar probe-7-12    [000] ....1   1.5: bpf_trace_printk: process=bar probe-7 pid=11');
    expect(r?.kind === 'event' && [r.event.comm, r.event.pid, r.event.tid]).toEqual(['bar probe-7', 11, 12]);
    expect(parseArticleLine('  x-1 [000] .... 1.0: bpf_trace_printk: Dst IP: 2546c9c')).toBeUndefined();
    expect(parseArticleLine('garbage')).toBeUndefined();
  });
  it('refuses a time no trace clock reads, saying why', () => {
    expect(parseArticleLine('  vim-1 [000] ....1 99999999999999999999.5: bpf_trace_printk: process=vim pid=1')).toEqual({
      kind: 'unparsed',
      reason: 'bad timestamp',
    });
  });
});

import { describe, expect, it } from 'vitest';
import { parseProcInfo, readProcInfo } from './proc-info';

describe('proc info', () => {
  it('parses status and a NUL-separated command line', () => {
    const status = 'Name:\tbash\nPPid:\t1\nUid:\t1000\t1000\t1000\t1000\n';
    expect(parseProcInfo(status, Buffer.from('vim\0a file\0'))).toEqual({ ppid: 1, uid: 1000, cmdline: ['vim', 'a file'] });
    expect(parseProcInfo('garbage', Buffer.alloc(0))).toBeNull();
  });
  it('reads this very process, and nothing for a pid that does not exist', () => {
    expect(readProcInfo(process.pid)?.ppid).toBe(process.ppid);
    expect(readProcInfo(2 ** 22 + 1)).toBeNull();
  });
});

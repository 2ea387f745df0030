import { describe, expect, it } from 'vitest';
import { parseProcInfo, readProcInfo } from './proc-info';
import { readProcIdentity } from './trace/process-table';

describe('proc info', () => {
  it('parses status and a NUL-separated command line', () => {
    const status = 'Name:\tbash\nPPid:\t1\nUid:\t1000\t1000\t1000\t1000\n';
    expect(parseProcInfo(status, Buffer.from('vim\0a file\0'), 'sekrit-1')).toEqual({ ppid: 1, uid: 1000, cmdline: ['vim', 'a file'] });
    expect(parseProcInfo('garbage', Buffer.alloc(0), 'sekrit-1')).toBeNull();
  });
  it('never shows the token, wherever it stands in an argument', () => {
    const status = 'PPid:\t1\nUid:\t0\t0\t0\t0\n';
    const cmd = Buffer.from('node\0--token\0sekrit-1\0curl\0-HAuthorization: Bearer sekrit-1\0');
    expect(parseProcInfo(status, cmd, 'sekrit-1')?.cmdline).toEqual(['node', '--token', '<token>', 'curl', '-HAuthorization: Bearer <token>']);
  });
  it('reads this very process, and nothing for a pid that does not exist', () => {
    expect(readProcInfo(process.pid, 'sekrit-1')?.ppid).toBe(process.ppid);
    expect(readProcInfo(2 ** 22 + 1, 'sekrit-1')).toBeNull();
  });
  it('shows nothing of a live process that is not the one asked about (a reused PID)', () => {
    const start = readProcIdentity(process.pid)!.start;
    expect(readProcInfo(process.pid, 'sekrit-1', start)?.ppid).toBe(process.ppid);
    expect(readProcInfo(process.pid, 'sekrit-1', start - 1)).toBeNull();
  });
});

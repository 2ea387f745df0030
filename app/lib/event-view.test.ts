import { describe, expect, it } from 'vitest';
import { type TraceEvent, UNATTRIBUTED } from '../../protocol/event';
import { durationText, eventPath, pathTitle, userText, whoLines } from './event-view';

function ev(over: Partial<TraceEvent> = {}): TraceEvent {
  return {
    ts: 1, cpu: 0, pid: 10, tid: 10, comm: 'cat', uid: 1000, euid: 1000, flags: 0, ret: 3, errno: 0, path: 'rel-a',
    truncated: false, syscall: 'openat', durationNs: 0, cgroupId: 0, ...UNATTRIBUTED, ...over,
  };
}

describe('eventPath', () => {
  it('leads with the absolute path, with the name as passed when it differs', () => {
    expect(eventPath(ev({ fullPath: '/home/a/rel-a' }))).toEqual({
      file: '/home/a/rel-a', fileCut: false, absolute: true, passed: 'rel-a', passedCut: false,
    });
    expect(eventPath(ev({ path: '/etc/passwd', fullPath: '/etc/passwd' })).passed).toBeNull();
    expect(eventPath(ev({ path: '/lib/x.so', fullPath: '/lib/x.so.1', fullTruncated: true, truncated: true }))).toEqual({
      file: '/lib/x.so.1', fileCut: true, absolute: true, passed: '/lib/x.so', passedCut: true,
    });
  });

  it('falls back to the name as passed when the absolute path is not known', () => {
    expect(eventPath(ev({ truncated: true }))).toEqual({ file: 'rel-a', fileCut: true, absolute: false, passed: null, passedCut: false });
  });
});

describe('pathTitle', () => {
  it('says both paths, what is cut and what is not known', () => {
    expect(pathTitle(ev({ fullPath: '/home/a/rel-a' }))).toBe('/home/a/rel-a\npassed as rel-a');
    expect(pathTitle(ev({ fullPath: '/a/b', fullTruncated: true }))).toBe('/a/b … (cut short: parts of it are missing)\npassed as rel-a');
    expect(pathTitle(ev())).toMatch(/^rel-a\n\(as passed, relative: the directory/);
    expect(pathTitle(ev({ path: '/x\n' }))).toMatch(/^\/x\\n\n\(as passed: the file/);
  });
});

describe('durationText', () => {
  it('formats ns, and a dash when not measured', () => {
    expect(durationText(0)).toBe('—');
    expect(durationText(850)).toBe('850ns');
    expect(durationText(12_345)).toBe('12.3us');
    expect(durationText(1_500_000)).toBe('1.5ms');
  });
});

describe('userText', () => {
  it('names the user, the uid when it has no name, and a differing effective uid', () => {
    expect(userText({ uid: 1000, euid: 1000, user: 'alice' })).toBe('alice');
    expect(userText({ uid: 1000, euid: 0, user: 'alice' })).toBe('alice→0');
    expect(userText({ uid: 4242, euid: 4242, user: '' })).toBe('4242');
  });
});

describe('whoLines', () => {
  it('lists what is known of who opened it', () => {
    const id = 'f'.repeat(64);
    expect(
      whoLines(ev({ exe: '/usr/bin/cat', user: 'alice', euid: 0, unit: 'ssh.service', container: id, cgroup: '/system.slice/ssh.service', own: true })),
    ).toEqual([
      'executable /usr/bin/cat',
      'user alice (uid 1000), effective uid 0',
      'unit ssh.service',
      `container ${'f'.repeat(12)} (${id})`,
      'cgroup /system.slice/ssh.service',
      "(an open of the dashboard's own backend)",
    ]);
    expect(whoLines(ev())).toEqual(['user uid 1000']);
    expect(whoLines(ev({ origin: 'article' }))).toEqual([]);
  });
});

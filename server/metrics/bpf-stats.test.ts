import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bpfStatsEnabled, enableBpfStats, ENABLED_NOTE, restoreBpfStats, statsNoteNow } from './bpf-stats';

// A file standing in for /proc/sys/kernel/bpf_stats_enabled: the logic is
// all in which file says what.
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
function setup(value: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'odash-bpfstats-'));
  dirs.push(dir);
  const sysctl = path.join(dir, 'bpf_stats_enabled');
  fs.writeFileSync(sysctl, value);
  return { sysctl, note: path.join(dir, 'state', 'bpf-stats-enabled'), read: () => fs.readFileSync(sysctl, 'utf8').trim() };
}

describe('kernel.bpf_stats_enabled', () => {
  it('turns the statistics on, notes the old value, and puts it back', () => {
    const { sysctl, note, read } = setup('0\n');
    const change = enableBpfStats(sysctl, note);
    expect(change).toEqual({ previous: '0', on: true, note: ENABLED_NOTE });
    expect(read()).toBe('1');
    expect(bpfStatsEnabled(sysctl)).toBe(true);
    expect(fs.readFileSync(note, 'utf8').trim()).toBe('0');
    restoreBpfStats(sysctl, change, note);
    expect(read()).toBe('0');
    expect(fs.existsSync(note)).toBe(false);
  });

  it('leaves statistics someone else turned on as they are', () => {
    const { sysctl, note, read } = setup('1\n');
    const change = enableBpfStats(sysctl, note);
    expect(change).toMatchObject({ previous: undefined, on: true });
    expect(change.note).toMatch(/left as it is/);
    restoreBpfStats(sysctl, change, note);
    expect(read()).toBe('1');
  });

  it('after a crash, still puts back the value found before it', () => {
    const { sysctl, note, read } = setup('0\n');
    enableBpfStats(sysctl, note); // then killed: no restore
    const change = enableBpfStats(sysctl, note);
    expect(change).toEqual({ previous: '0', on: true, note: ENABLED_NOTE });
    restoreBpfStats(sysctl, change, note);
    expect(read()).toBe('0');
  });

  it('says why when the kernel has no such switch', () => {
    const { note } = setup('0');
    const change = enableBpfStats('/nonexistent/bpf_stats_enabled', note);
    expect(change).toMatchObject({ previous: undefined, on: false });
    expect(change.note).toMatch(/^cannot turn on kernel.bpf_stats_enabled: .*ENOENT/);
    expect(bpfStatsEnabled('/nonexistent/bpf_stats_enabled')).toBe(false);
  });

  it('says when someone else changed the switch since start', () => {
    const on = { on: true, note: ENABLED_NOTE };
    expect(statsNoteNow(on, true)).toBe(ENABLED_NOTE);
    expect(statsNoteNow(on, false)).toMatch(/^turned off since ebpf-dash started/);
    const failed = { on: false, note: 'cannot turn on kernel.bpf_stats_enabled: EROFS' };
    expect(statsNoteNow(failed, false)).toBe(failed.note);
    expect(statsNoteNow(failed, true)).toMatch(/^turned on since ebpf-dash started, not by it/);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { XDP_PROG_NAME } from '../../protocol/xdp-filter';
import { repoRoot } from '../testing/backend';
import { byName, memlockBytes, ourPrograms, programOwner } from './bpf-programs';

// Captured on this machine: the loader in tracepoint mode and the XDP
// object loaded (not attached), with kernel.bpf_stats_enabled=1. A program
// that never ran has no run_time_ns or run_cnt.
const fixture = (name: string) => fs.readFileSync(path.join(repoRoot, 'server/metrics/fixtures', name), 'utf8');
const progShow = fixture('bpftool-prog-show.json');
const mapShow = fixture('bpftool-map-show.json');

/** The names of the programs a BPF source defines (the function after each SEC). */
function programsIn(source: string): string[] {
  const text = fs.readFileSync(path.join(repoRoot, 'bpf', source), 'utf8');
  return [...text.matchAll(/^SEC\("[^"]*"\)\s*\nint (?:BPF_\w+\()?(\w+)/gm)].map((m) => m[1]!);
}

describe('our BPF programs', () => {
  it('recognises every program of the tracer and the XDP filter by name, and nothing else', () => {
    const tracer = programsIn('openat.bpf.c');
    expect(tracer.length).toBeGreaterThanOrEqual(20);
    for (const name of tracer) expect(programOwner(name), name).toBe('tracer');
    // The kernel's 15-character cut of a name, as bpftool shows it without BTF.
    for (const name of tracer) expect(programOwner(name.slice(0, 15)), name).toBe('tracer');
    expect(programsIn('xdp_filter.bpf.c')).toEqual([XDP_PROG_NAME]);
    expect(programOwner(XDP_PROG_NAME)).toBe('xdp');
    for (const other of ['', 'sd_devices', 'fe_openat_x', 'tp_exec2', 'my_tp_exec', 'xdp_dispatcher']) {
      expect(programOwner(other), other).toBeNull();
    }
  });

  it('reads run-time statistics from bpftool prog show, zero for programs that never ran', () => {
    const foreign = { id: 1, type: 'cgroup_skb', name: 'sd_fw_egress', run_time_ns: 5, run_cnt: 1, bytes_memlock: 4096, map_ids: [9] };
    const progs = ourPrograms(JSON.stringify([...JSON.parse(progShow), foreign]));
    expect(progs.map((p) => p.name)).toEqual([
      'odash_xdp', 'tp_exec', 'raw_fork', 'tp_enter_openat', 'tp_enter_open', 'tp_enter_openat2', 'tp_exit',
    ]);
    expect(progs.find((p) => p.name === 'tp_exit')).toMatchObject({
      id: 10589, owner: 'tracer', runs: 49495, runTimeNs: 14368732, memlockBytes: 8192,
    });
    expect(progs.find((p) => p.name === 'odash_xdp')).toMatchObject({ owner: 'xdp', runs: 0, runTimeNs: 0 });
    expect(progs.filter((p) => p.owner === 'tracer').reduce((n, p) => n + p.runTimeNs, 0)).toBe(27711134);
  });

  it('sums the locked memory of our programs and of the maps they use, each map once', () => {
    const progs = ourPrograms(progShow);
    // 40,960 for the programs; their maps 2,228,424 (the unused .kconfig
    // map and other programs' maps left out).
    expect(memlockBytes(progs, mapShow)).toBe(40_960 + 2_228_424);
    expect(memlockBytes([], mapShow)).toBe(0);
  });

  it('sums programs of the same name', () => {
    const [a] = ourPrograms(progShow).filter((p) => p.name === 'tp_exec');
    const m = byName([a!, { ...a!, id: 1, runs: 3, runTimeNs: 30 }]);
    expect(m.get('tp_exec')).toEqual({ runs: a!.runs + 3, runTimeNs: a!.runTimeNs + 30 });
  });

  it('refuses output that is not bpftool\'s', () => {
    expect(() => ourPrograms('{"error":"x"}')).toThrow();
    expect(() => ourPrograms('not json')).toThrow();
  });
});

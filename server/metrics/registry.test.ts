import { describe, expect, it } from 'vitest';
import type { Counts, TracerStatus } from '../../protocol/status';
import type { StoreStats } from '../../protocol/views';
import type { RuleView } from '../../protocol/xdp';
import { parsePromText, samplesOf } from '../testing/prom-text';
import type { BpfProgram } from './bpf-programs';
import { OpenTally } from './open-tally';
import { createMetricsRegistry, type MetricSources } from './registry';
import type { XdpReading } from './xdp-series';

const counts: Counts = {
  lines: 20, events: 10, records: 4, fullMissing: 0, own: 2, foreign: 5, unparsed: 1, lost: 3, lostMarkers: 3,
  overrun: 0, startsFull: 0, exitsMissed: 0, spooled: 0, spoolFullMs: 0,
};
const status: TracerStatus = {
  state: 'running', attach: 'fentry', attachWhy: null, syscalls: ['openat'], restarts: 2, message: null,
  scope: { pid: null, uid: null, comm: null },
};
const store = {
  status: {
    path: ':memory:', events: 9, oldestTs: 1, newestTs: 2, bytes: 0, retentionSeconds: 60, maxBytes: 1,
    droppedByAge: 4, droppedBySize: 5, writeFailures: 6, lastError: null,
  } satisfies StoreStats,
};
const rule = (cidr: string, drops: number): RuleView => ({
  cidr, direction: 'src', proto: null, port: null, action: 'deny', drops, createdAt: '', expiresAt: null, comment: '', active: true,
});
const prog = (id: number, name: string, runs: number, runTimeNs: number): BpfProgram => ({
  id, name, owner: name === 'odash_xdp' ? 'xdp' : 'tracer', runs, runTimeNs, memlockBytes: 0, mapIds: [],
});

function sources(over: Partial<MetricSources> = {}): MetricSources {
  const opens = new OpenTally();
  for (const [comm, errno] of [['cat', 0], ['cat', 2], ['cat', 2], ['ls', 0]] as const) opens.add({ comm, errno, syscall: 'openat' });
  return {
    view: { counts, status, store: store as unknown as MetricSources['view']['store'] },
    opens,
    hub: { size: 3, omittedTotal: 42 },
    xdp: null,
    bpf: null,
    ...over,
  };
}

const scrape = async (src: MetricSources) => parsePromText(await createMetricsRegistry(src).metrics());
const values = (e: Awaited<ReturnType<typeof scrape>>, name: string) =>
  Object.fromEntries(samplesOf(e, name).map((s) => [Object.values(s.labels).join(' '), s.value]));

describe('the metrics registry', () => {
  it('exposes the pipeline, store and WebSocket counts under their names and types', async () => {
    const e = await scrape(sources());
    expect(values(e, 'ebpfdash_opens_total')).toEqual({ 'cat openat ok': 1, 'cat openat ENOENT': 2, 'ls openat ok': 1 });
    expect(values(e, 'ebpfdash_trace_lines_total')).toEqual({ event: 10, record: 4, foreign: 5, unparsed: 1 });
    expect(values(e, 'ebpfdash_events_lost_total')).toEqual({ '': 3 });
    expect(values(e, 'ebpfdash_tracer_up')).toEqual({ '': 1 });
    expect(values(e, 'ebpfdash_tracer_restarts_total')).toEqual({ '': 2 });
    expect(values(e, 'ebpfdash_tracer_info')).toEqual({ fentry: 1 });
    expect(values(e, 'ebpfdash_store_events')).toEqual({ '': 9 });
    expect(values(e, 'ebpfdash_store_dropped_total')).toEqual({ age: 4, size: 5 });
    expect(values(e, 'ebpfdash_store_write_failures_total')).toEqual({ '': 6 });
    expect(values(e, 'ebpfdash_ws_clients')).toEqual({ '': 3 });
    expect(values(e, 'ebpfdash_ws_omitted_total')).toEqual({ '': 42 });
    for (const [name, type] of e.types) {
      if (name.startsWith('ebpfdash_')) expect(name.endsWith('_total'), name).toBe(type === 'counter');
    }
    // The backend's CPU and memory, under the standard names.
    expect(e.types.get('process_cpu_seconds_total')).toBe('counter');
    expect(samplesOf(e, 'process_resident_memory_bytes')[0]!.value).toBeGreaterThan(0);
    // No XDP or BPF series without a kernel.
    expect(e.samples.some((s) => /^ebpfdash_(xdp|bpf)_/.test(s.name))).toBe(false);
  });

  it('says none for the attach mode, and 0 for up, while the tracer does not run', async () => {
    const e = await scrape(sources({ view: { ...sources().view, status: { ...status, state: 'replay', attach: null } } }));
    expect(values(e, 'ebpfdash_tracer_info')).toEqual({ none: 1 });
    expect(values(e, 'ebpfdash_tracer_up')).toEqual({ '': 0 });
  });

  it('reads the XDP filter once per scrape, and keeps the last values when a read fails', async () => {
    let reads = 0;
    let fail = false;
    const reading: XdpReading = {
      attached: {
        ifname: 'odash-lab0',
        mode: 'generic',
        prog: { id: 1, name: 'odash_xdp', tag: '', loadedAt: '', xlatedBytes: 0, jitedBytes: 0, memlock: 0, btfId: null },
      },
      wanted: { ifname: 'odash-lab0', mode: 'auto' },
      rules: [rule('10.211.0.2/32', 7), rule('10.211.0.3/32', 0)],
      totals: { passed: 100, dropped: 7, unlisted: 0 },
    };
    const xdp = async () => {
      reads++;
      if (fail) throw new Error('ip failed');
      return reading;
    };
    const registry = createMetricsRegistry(sources({ xdp }));
    const e = parsePromText(await registry.metrics());
    expect(reads).toBe(4); // one per XDP metric: the caller's cache makes it one read
    expect(values(e, 'ebpfdash_xdp_packets_total')).toEqual({ 'odash-lab0 pass': 100, 'odash-lab0 drop': 7 });
    expect(values(e, 'ebpfdash_xdp_rule_drops_total')).toEqual({ '10.211.0.2/32 src ': 7 });
    expect(values(e, 'ebpfdash_xdp_attached')).toEqual({ '': 1 });
    expect(values(e, 'ebpfdash_xdp_wanted')).toEqual({ '': 1 });
    fail = true;
    const again = parsePromText(await registry.metrics());
    expect(values(again, 'ebpfdash_xdp_packets_total')).toEqual({ 'odash-lab0 pass': 100, 'odash-lab0 drop': 7 });
  });

  it('exposes our programs\' run time in seconds and runs, summed by name', async () => {
    const programs = async () => [
      prog(1, 'fe_openat', 10, 2e9), prog(2, 'fx_openat', 10, 5e8), prog(3, 'fx_openat', 1, 5e8), prog(4, 'odash_xdp', 5, 0),
    ];
    const e = await scrape(sources({ bpf: { programs, statsEnabled: () => true } }));
    expect(values(e, 'ebpfdash_bpf_prog_run_seconds_total')).toEqual({ fe_openat: 2, fx_openat: 1, odash_xdp: 0 });
    expect(values(e, 'ebpfdash_bpf_prog_runs_total')).toEqual({ fe_openat: 10, fx_openat: 11, odash_xdp: 5 });
    expect(values(e, 'ebpfdash_bpf_stats_enabled')).toEqual({ '': 1 });
  });
});

/**
 * GET /metrics: the backend's metrics in the Prometheus text format, in a
 * registry of our own (prom-client's global one is shared with anything
 * else loaded). Every ebpfdash_ series is read at scrape time from a
 * cumulative count the backend keeps anyway (the pipeline's counts, the
 * store's, the XDP controller's, the kernel's BPF statistics), so each is
 * exact and goes down only when its source starts over (a reloaded
 * program, a restarted backend), which Prometheus reads as a reset.
 */
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { TraceView } from '../trace/pipeline';
import { byName, type BpfProgram } from './bpf-programs';
import { MAX_COMMS, type OpenTally } from './open-tally';
import { StickyLabels } from './sticky-labels';
import {
  MAX_RULE_SERIES, packetSeries, ruleDropSeries, xdpAttached, xdpWanted, type Series, type XdpReading,
} from './xdp-series';

export interface MetricSources {
  view: Pick<TraceView, 'counts' | 'status' | 'store'>;
  opens: OpenTally;
  hub: { readonly size: number; readonly omittedTotal: number };
  /** The XDP filter's status (read at most once a second); null in a replay. */
  xdp: (() => Promise<XdpReading>) | null;
  /** Our programs as loaded now, and whether the kernel times them; null
   *  without a kernel (a replay). */
  bpf: { programs: () => Promise<readonly BpfProgram[]>; statsEnabled: () => boolean } | null;
}

type Read<L extends string> = () => Iterable<Series<L>> | Promise<Iterable<Series<L>>>;

/** A read that failed (bpftool, ip) leaves the last values standing. */
async function tryRead<L extends string>(read: Read<L>): Promise<Iterable<Series<L>> | undefined> {
  try {
    return await read();
  } catch {
    return undefined;
  }
}

export function createMetricsRegistry(src: MetricSources): Registry {
  const registry = new Registry();
  // process_cpu_seconds_total, process_resident_memory_bytes, nodejs_*.
  collectDefaultMetrics({ register: registry });

  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[], read: Read<L>) =>
    new Counter<L>({
      name, help, labelNames, registers: [registry],
      async collect() {
        const series = await tryRead(read);
        if (!series) return;
        this.reset();
        for (const s of series) this.inc(s.labels, s.value);
      },
    });
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[], read: Read<L>) =>
    new Gauge<L>({
      name, help, labelNames, registers: [registry],
      async collect() {
        const series = await tryRead(read);
        if (!series) return;
        this.reset();
        for (const s of series) this.set(s.labels, s.value);
      },
    });
  const one = (value: number): Series<never>[] => [{ labels: {}, value }];

  counter(
    'ebpfdash_opens_total',
    `Opens ingested (the backend's own included), by process name (the busiest ${MAX_COMMS}, chosen again each minute; the rest as "other"), ` +
      'syscall and result (ok, or the errno name).',
    ['comm', 'syscall', 'result'],
    () => [...src.opens.series()].map(({ comm, syscall, result, count }) => ({ labels: { comm, syscall, result }, value: count })),
  );
  counter(
    'ebpfdash_trace_lines_total',
    "trace_pipe lines read, by kind: event, record (our full-path, exec and fork lines), foreign (other programs'), unparsed.",
    ['kind'],
    () => {
      const c = src.view.counts;
      return [
        { labels: { kind: 'event' }, value: c.events },
        { labels: { kind: 'record' }, value: c.records },
        { labels: { kind: 'foreign' }, value: c.foreign },
        { labels: { kind: 'unparsed' }, value: c.unparsed },
      ];
    },
  );
  counter(
    'ebpfdash_events_lost_total',
    'Opens never seen: trace entries the kernel dropped, and opens the BPF side could not record.',
    [],
    () => one(src.view.counts.lost),
  );
  gauge('ebpfdash_tracer_up', '1 while the tracer runs.', [], () => one(src.view.status.state === 'running' ? 1 : 0));
  counter('ebpfdash_tracer_restarts_total', 'Times the BPF loader died and was started again.', [], () =>
    one(src.view.status.restarts),
  );
  gauge('ebpfdash_tracer_info', 'The attach mode in use (fentry, kprobe, tracepoint, or none); always 1.', ['attach'], () => [
    { labels: { attach: src.view.status.attach ?? 'none' }, value: 1 },
  ]);

  gauge('ebpfdash_store_events', 'Events the store holds.', [], () => one(src.view.store.status.events));
  counter(
    'ebpfdash_store_dropped_total',
    'Events the store removed: older than the retention (age), or the oldest while over --db-max-mb (size).',
    ['reason'],
    () => {
      const s = src.view.store.status;
      return [
        { labels: { reason: 'age' }, value: s.droppedByAge },
        { labels: { reason: 'size' }, value: s.droppedBySize },
      ];
    },
  );
  counter('ebpfdash_store_write_failures_total', 'Events the store could not write.', [], () =>
    one(src.view.store.status.writeFailures),
  );
  gauge('ebpfdash_ws_clients', 'Dashboards connected over the WebSocket.', [], () => one(src.hub.size));
  counter(
    'ebpfdash_ws_omitted_total',
    'Events not sent to a dashboard that could not keep up (sampled out of a full batch, or its socket backed up).',
    [],
    () => one(src.hub.omittedTotal),
  );

  const xdp = src.xdp;
  if (xdp) {
    const slots = new StickyLabels(MAX_RULE_SERIES);
    counter(
      'ebpfdash_xdp_packets_total',
      'Packets the XDP filter passed or dropped since it was loaded, labelled with the interface it runs on now (or none).',
      ['ifname', 'action'],
      async () => packetSeries(await xdp()),
    );
    counter(
      'ebpfdash_xdp_rule_drops_total',
      `Packets each rule dropped (the first ${MAX_RULE_SERIES} rules to drop; cidr "any" for a port rule, port "" for an address rule).`,
      ['cidr', 'direction', 'port'],
      async () => ruleDropSeries((await xdp()).rules, slots),
    );
    gauge(
      'ebpfdash_xdp_attached',
      '1 while the XDP filter runs where it was asked to; 0 otherwise (e.g. its interface is gone).',
      [],
      async () => one(xdpAttached(await xdp())),
    );
    gauge('ebpfdash_xdp_wanted', '1 while the XDP filter is asked to run somewhere.', [], async () =>
      one(xdpWanted(await xdp())),
    );
  }

  const bpf = src.bpf;
  if (bpf) {
    const perProgram = async (field: 'runs' | 'runTimeNs', scale: number) =>
      [...byName(await bpf.programs())].map(([prog, s]) => ({ labels: { prog }, value: s[field] * scale }));
    counter(
      'ebpfdash_bpf_prog_run_seconds_total',
      'Time our BPF programs ran, as the kernel counts it while kernel.bpf_stats_enabled is 1.',
      ['prog'],
      () => perProgram('runTimeNs', 1e-9),
    );
    counter(
      'ebpfdash_bpf_prog_runs_total',
      'Runs of our BPF programs, as the kernel counts them while kernel.bpf_stats_enabled is 1.',
      ['prog'],
      () => perProgram('runs', 1),
    );
    gauge('ebpfdash_bpf_stats_enabled', '1 while the kernel times BPF programs (kernel.bpf_stats_enabled).', [], () =>
      one(bpf.statsEnabled() ? 1 : 0),
    );
  }
  return registry;
}

/**
 * What the backend says of itself: the Prometheus registry behind
 * GET /metrics and the cost meter behind GET /api/cost, wired to the
 * pipeline, the hub, the XDP filter and the kernel's BPF statistics.
 */
import type { Registry } from 'prom-client';
import type { TraceView } from '../trace/pipeline';
import type { XdpController } from '../xdp/controller';
import { BPF_STATS_SYSCTL, bpfStatsEnabled, readOurPrograms, type StatsSwitch } from './bpf-stats';
import { CostMeter } from './cost-meter';
import { liveSample, replaySample } from './cost-samples';
import { OpenTally, ROTATE_MS } from './open-tally';
import { createMetricsRegistry } from './registry';
import { reuseFor } from './reuse-for';

/** A scrape every second reads the XDP status and bpftool once, and does
 *  not wait for them while an answer of the last 30 s is there. */
const SCRAPE_REUSE = { freshMs: 1_000, staleMs: 30_000 };

export interface Observability {
  registry: Registry;
  cost: CostMeter;
}

export interface ObserveOptions {
  view: TraceView;
  hub: { readonly size: number; readonly omittedTotal: number };
  /** Live mode: the XDP filter and how the BPF statistics were switched on
   *  at start. Null in a replay, which has neither. */
  live: { xdp: XdpController; stats: StatsSwitch } | null;
}

export function observe({ view, hub, live }: ObserveOptions): Observability {
  const opens = new OpenTally();
  // Every stored event, live or replayed: the backend's own opens too
  // (real opens the tracer paid for), so the series' rates add up to the events'.
  view.subscribe((e) => opens.add(e));
  setInterval(() => opens.rotate(), ROTATE_MS).unref();
  const registry = createMetricsRegistry({
    view,
    opens,
    hub,
    xdp: live && reuseFor(() => live.xdp.status(), SCRAPE_REUSE),
    bpf: live && {
      programs: reuseFor(readOurPrograms, SCRAPE_REUSE),
      statsEnabled: () => bpfStatsEnabled(BPF_STATS_SYSCTL),
    },
  });
  const cost = new CostMeter(live ? liveSample(view, live.stats) : replaySample(view));
  return { registry, cost };
}

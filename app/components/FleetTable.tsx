import { memo, useMemo, useState } from 'react';
import type { FleetHost } from '../../protocol/fleet';
import {
  firstSortDesc, type FleetSort, type FleetSortKey, formatLost, formatPerSecond, sortFleetHosts, tracerState, xdpState,
} from '../lib/fleet-view';
import { nextSort } from '../lib/sort';
import { SortableTh } from './SortableTh';

const COLUMNS: ReadonlyArray<{ key: FleetSortKey; label: string; numeric: boolean; title: string }> = [
  { key: 'instance', label: 'host', numeric: false, title: "The backend, as Prometheus' instance label names it; opens its dashboard" },
  { key: 'up', label: 'scrape', numeric: false, title: "Whether Prometheus' last scrape of its /metrics worked" },
  { key: 'tracer', label: 'tracer', numeric: false, title: 'Whether its openat tracer runs, and how it hooks the syscalls' },
  { key: 'openRate', label: 'opens/s', numeric: true, title: 'Opens per second over the last minute, failed ones included' },
  { key: 'failureRate', label: 'failed/s', numeric: true, title: 'Failed opens per second over the last minute' },
  { key: 'lostLastHour', label: 'lost 1h', numeric: true, title: 'Events the kernel dropped before the backend read them, in the last hour' },
  { key: 'xdpDropRate', label: 'XDP drops/s', numeric: true, title: 'Packets its XDP filter dropped per second over the last minute' },
  { key: 'xdp', label: 'XDP filter', numeric: false, title: 'Whether its XDP filter runs where it was asked to' },
];

const UNKNOWN = <span className="text-muted">—</span>;

function Rate({ value, testId, bad, title }: { value: number | null; testId: string; bad?: boolean; title: string }) {
  return (
    <td
      data-testid={testId}
      data-value={value ?? undefined}
      title={value === null ? `${title}: Prometheus has no value (not scraped, or not two scrapes in the last minute)` : `${title}: ${value}`}
      className={`px-2 text-right tabular-nums ${value === null ? 'text-muted' : bad && value > 0 ? 'font-semibold text-bad' : ''}`}
    >
      {value === null ? '—' : formatPerSecond(value)}
    </td>
  );
}

const FleetRow = memo(function FleetRow({ h }: { h: FleetHost }) {
  const tracer = tracerState(h);
  const xdp = xdpState(h);
  return (
    <tr data-testid="fleet-row" data-instance={h.instance} data-up={h.up ?? undefined} className="h-6 border-b border-line/60 hover:bg-hover">
      <td className="px-2" title={h.instance}>
        {h.dashboardUrl === null ? (
          <span className="cell-text">{h.instance}</span>
        ) : (
          <a
            href={h.dashboardUrl}
            target="_blank"
            rel="noopener noreferrer"
            data-testid="fleet-link"
            title={`Open ${h.dashboardUrl} (it asks for its own token: open the link it printed, …/#token=…)`}
            className="cell-text hover:text-accent hover:underline"
          >
            {h.instance}
          </a>
        )}
      </td>
      <td data-testid="fleet-up" data-value={h.up ?? undefined} className="px-2">
        {h.up === null ? UNKNOWN : h.up ? <span className="text-good">up</span> : (
          <span className="font-semibold text-bad" title="Prometheus cannot scrape it: down, unreachable, or it refuses the token">down</span>
        )}
      </td>
      <td data-testid="fleet-tracer" data-value={tracer ?? undefined} className="px-2">
        {tracer === null ? (
          UNKNOWN
        ) : tracer === 'running' ? (
          <span className="cell-text">
            <span className="text-good">running</span>
            {h.attach && <span className="text-muted" title="attach mode"> · {h.attach}</span>}
          </span>
        ) : (
          <span className="font-semibold text-bad" title="Its tracer does not run: its dashboard says why">down</span>
        )}
      </td>
      <Rate value={h.openRate} testId="fleet-open-rate" title="opens per second" />
      <Rate value={h.failureRate} testId="fleet-failure-rate" bad title="failed opens per second" />
      <td
        data-testid="fleet-lost"
        data-value={h.lostLastHour ?? undefined}
        title={h.lostLastHour === null ? 'Prometheus has no value' : `about ${h.lostLastHour.toFixed(1)} events lost (Prometheus extrapolates)`}
        className={`px-2 text-right tabular-nums ${h.lostLastHour === null ? 'text-muted' : h.lostLastHour > 0 ? 'font-semibold text-bad' : ''}`}
      >
        {formatLost(h.lostLastHour)}
      </td>
      <Rate value={h.xdpDropRate} testId="fleet-xdp-drops" title="packets dropped per second" />
      <td data-testid="fleet-xdp" data-value={xdp ?? undefined} className="px-2">
        {xdp === null ? (
          UNKNOWN
        ) : xdp === 'detached' ? (
          <span className="font-semibold text-bad" title="Asked to run on an interface, but not running there: its rules block nothing">
            detached!
          </span>
        ) : xdp === 'attached' ? (
          <span className="text-good">attached</span>
        ) : (
          <span className="text-muted" title="Not asked to run anywhere">off</span>
        )}
      </td>
    </tr>
  );
});

/** The fleet's hosts, sortable by any column (unknowns last). */
export const FleetTable = memo(function FleetTable({ hosts }: { hosts: readonly FleetHost[] }) {
  const [sort, setSort] = useState<FleetSort>({ key: 'instance', desc: false });
  const sorted = useMemo(() => sortFleetHosts(hosts, sort), [hosts, sort]);
  const onSort = (key: FleetSortKey) => setSort((s) => nextSort(s, key, firstSortDesc));
  return (
    <div className="max-h-[calc(100vh-180px)] min-h-40 overflow-auto">
      <table data-testid="fleet-table" className="w-full min-w-[976px] table-fixed border-collapse text-xs">
        <colgroup>
          <col />
          <col className="w-20" />
          <col className="w-36" />
          <col className="w-24" />
          <col className="w-24" />
          <col className="w-20" />
          <col className="w-28" />
          <col className="w-28" />
        </colgroup>
        <thead className="sticky top-0 z-10 bg-panel-2">
          <tr className="border-b border-line">
            {COLUMNS.map((c) => (
              <SortableTh
                key={c.key}
                label={c.label}
                title={c.title}
                align={c.numeric ? 'text-right' : 'text-left'}
                active={sort.key === c.key}
                desc={sort.desc}
                onSort={() => onSort(c.key)}
              />
            ))}
          </tr>
        </thead>
        <tbody className="font-mono">
          {sorted.map((h) => (
            <FleetRow key={h.instance} h={h} />
          ))}
        </tbody>
      </table>
    </div>
  );
});

import Link from 'next/link';
import { memo, useMemo, useState } from 'react';
import type { ProcessStats } from '../../protocol/event';
import { bootToWallMs, formatAge, formatClock } from '../lib/format';
import { commHref, processHref } from '../lib/links';
import { type Sort, type SortKey, sortProcesses } from '../lib/processes';
import { toVisible } from '../lib/visible';
import { VisibleText } from './VisibleText';

const COLUMNS: ReadonlyArray<{ key: SortKey; label: string; numeric: boolean; title: string }> = [
  { key: 'pid', label: 'PID', numeric: true, title: 'Process id, or how many PIDs ran under the name' },
  { key: 'comm', label: 'process', numeric: false, title: 'Process name (comm)' },
  { key: 'opens', label: 'opens', numeric: true, title: 'Opens matching the filter, over everything stored' },
  { key: 'failed', label: 'failed', numeric: true, title: 'Of those, opens that returned an error' },
  { key: 'files', label: 'files', numeric: true, title: 'Distinct paths opened' },
  { key: 'rate', label: 'rate/s', numeric: true, title: 'Opens per second over the last few seconds' },
  { key: 'lastTs', label: 'last seen', numeric: true, title: 'Time of the last open' },
  { key: 'lastPath', label: 'last path', numeric: false, title: 'Path of the last open' },
];

/** Where a row leads: a PID to its page; a name seen under several PIDs
 *  to the overview narrowed to it, one row per PID. */
function rowHref(p: ProcessStats, from: string): string {
  return p.pid !== null ? processHref(p.pid, from) : commHref(p.comm, from);
}

function ProcessRow({
  p,
  bootWallMs,
  nowT,
  from,
}: {
  p: ProcessStats;
  bootWallMs: number | null;
  nowT: number | null;
  from: string;
}) {
  const href = rowHref(p, from);
  const what = p.pid !== null ? 'Open the process' : `Show its ${p.pids} PIDs`;
  return (
    <tr
      data-testid="process-row"
      data-pid={p.pid ?? undefined}
      data-pids={p.pids}
      data-comm={p.comm}
      data-opens={p.opens}
      className="h-6 border-b border-line/60 hover:bg-hover"
    >
      <td className="px-2 text-right tabular-nums">
        <Link href={href} prefetch={false} className="hover:text-accent hover:underline" title={what}>
          {p.pid ?? <span className="text-muted">{p.pids} PIDs</span>}
        </Link>
      </td>
      <td className="px-2" title={`${toVisible(p.comm)} — ${what.toLowerCase()}`}>
        <Link href={href} prefetch={false} className="cell-text hover:text-accent hover:underline">
          <VisibleText text={p.comm} />
        </Link>
      </td>
      <td className="px-2 text-right tabular-nums">{p.opens}</td>
      <td className={`px-2 text-right tabular-nums ${p.failed > 0 ? 'text-bad' : 'text-muted'}`}>{p.failed}</td>
      <td className="px-2 text-right tabular-nums">{p.files}</td>
      <td className="px-2 text-right tabular-nums">{p.rate.toFixed(1)}</td>
      <td
        className="px-2 text-right tabular-nums text-muted"
        title={bootWallMs === null ? `${p.lastTs} s since boot` : formatClock(bootToWallMs(bootWallMs, p.lastTs), true)}
      >
        {nowT === null ? p.lastTs.toFixed(1) : formatAge(Math.max(0, nowT - p.lastTs))}
      </td>
      <td className="px-2" title={toVisible(p.lastPath)}>
        <span className="cell-text">
          <VisibleText text={p.lastPath} />
        </span>
      </td>
    </tr>
  );
}

/** The busiest names or PIDs matching the filter, as the server groups
 *  them (at most its limit); sorted here. */
export const ProcessTable = memo(function ProcessTable({
  processes,
  total,
  bootWallMs,
  nowT,
  from,
}: {
  processes: readonly ProcessStats[];
  /** Rows there are in all, beyond the ones sent. */
  total: number;
  bootWallMs: number | null;
  nowT: number | null;
  /** The overview query the links carry, for the way back. */
  from: string;
}) {
  const [sort, setSort] = useState<Sort>({ key: 'opens', desc: true });
  const rows = useMemo(() => sortProcesses(processes, sort), [processes, sort]);

  const onSort = (key: SortKey) =>
    // Numbers start biggest first, names A to Z; a second click flips.
    setSort((s) => (s.key === key ? { key, desc: !s.desc } : { key, desc: COLUMNS.find((c) => c.key === key)?.numeric ?? false }));

  return (
    <div className="max-h-72 overflow-auto">
      <table data-testid="process-table" className="w-full table-fixed border-collapse text-xs">
        <colgroup>
          <col className="w-20" />
          <col className="w-40" />
          <col className="w-20" />
          <col className="w-20" />
          <col className="w-20" />
          <col className="w-20" />
          <col className="w-24" />
          <col />
        </colgroup>
        <thead className="sticky top-0 z-10 bg-panel-2">
          <tr className="border-b border-line">
            {COLUMNS.map((c) => (
              <th
                key={c.key}
                scope="col"
                aria-sort={sort.key === c.key ? (sort.desc ? 'descending' : 'ascending') : 'none'}
                className={`p-0 font-medium text-muted ${c.numeric ? 'text-right' : 'text-left'}`}
              >
                <button
                  type="button"
                  title={`${c.title} — click to sort`}
                  onClick={() => onSort(c.key)}
                  className={`w-full px-2 py-1 hover:text-fg ${c.numeric ? 'text-right' : 'text-left'} ${sort.key === c.key ? 'text-fg' : ''}`}
                >
                  {c.label}
                  <span aria-hidden="true" className="inline-block w-3 text-center">
                    {sort.key === c.key ? (sort.desc ? '↓' : '↑') : ''}
                  </span>
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="font-mono">
          {rows.map((p) => (
            <ProcessRow key={`${p.pid ?? ''}:${p.comm}`} p={p} bootWallMs={bootWallMs} nowT={nowT} from={from} />
          ))}
        </tbody>
      </table>
      {rows.length === 0 && <p className="px-3 py-4 text-center text-xs text-muted">No processes match</p>}
      {total > processes.length && (
        <p className="px-3 py-1 text-xs text-muted">
          Showing the busiest {processes.length} of {total}: sorting orders these only.
        </p>
      )}
    </div>
  );
});

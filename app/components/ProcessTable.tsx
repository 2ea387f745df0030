import Link from 'next/link';
import { memo, useMemo, useState } from 'react';
import type { ProcessStats } from '../../protocol/event';
import { bootToWallMs, formatAge, formatClock } from '../lib/format';
import { processHref } from '../lib/links';
import { type Sort, type SortKey, sortProcesses } from '../lib/processes';
import { toVisible } from '../lib/visible';
import { VisibleText } from './VisibleText';

/** Rendering thousands of rows four times a second is wasted work; the
 *  sort decides which ones are worth showing. */
const MAX_ROWS = 200;

const COLUMNS: ReadonlyArray<{ key: SortKey; label: string; numeric: boolean; title: string }> = [
  { key: 'pid', label: 'PID', numeric: true, title: 'Process id' },
  { key: 'comm', label: 'process', numeric: false, title: 'Process name (comm)' },
  { key: 'opens', label: 'opens', numeric: true, title: 'Opens since the tracer started' },
  { key: 'failed', label: 'failed', numeric: true, title: 'Opens that returned an error' },
  { key: 'files', label: 'files', numeric: true, title: 'Distinct paths opened (+ when the count hit its cap)' },
  { key: 'rate', label: 'rate/s', numeric: true, title: 'Opens per second over the last few seconds' },
  { key: 'lastTs', label: 'last seen', numeric: true, title: 'Time of the last open' },
  { key: 'lastPath', label: 'last path', numeric: false, title: 'Path of the last open' },
];

export const ProcessTable = memo(function ProcessTable({
  processes,
  bootWallMs,
  nowT,
  from,
}: {
  processes: readonly ProcessStats[];
  bootWallMs: number | null;
  nowT: number | null;
  /** The overview query the process links carry, for the way back. */
  from: string;
}) {
  const [sort, setSort] = useState<Sort>({ key: 'opens', desc: true });
  const rows = useMemo(() => sortProcesses(processes, sort).slice(0, MAX_ROWS), [processes, sort]);

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
            <tr
              key={p.pid}
              data-testid="process-row"
              data-pid={p.pid}
              data-comm={p.comm}
              className="h-6 border-b border-line/60 hover:bg-hover"
            >
              <td className="px-2 text-right tabular-nums">
                <Link
                  href={processHref(p.pid, from)}
                  prefetch={false}
                  className="hover:text-accent hover:underline"
                  title="Open the process"
                >
                  {p.pid}
                </Link>
              </td>
              <td className="px-2" title={`${toVisible(p.comm)} — open the process`}>
                <Link href={processHref(p.pid, from)} prefetch={false} className="cell-text hover:text-accent hover:underline">
                  <VisibleText text={p.comm} />
                </Link>
              </td>
              <td className="px-2 text-right tabular-nums">{p.opens}</td>
              <td className={`px-2 text-right tabular-nums ${p.failed > 0 ? 'text-bad' : 'text-muted'}`}>{p.failed}</td>
              <td className="px-2 text-right tabular-nums">
                {p.files}
                {p.filesCapped ? '+' : ''}
              </td>
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
          ))}
        </tbody>
      </table>
      {rows.length === 0 && <p className="px-3 py-4 text-center text-xs text-muted">No processes match</p>}
      {processes.length > MAX_ROWS && (
        <p className="px-3 py-1 text-xs text-muted">
          Showing the first {MAX_ROWS} of {processes.length} processes in this order.
        </p>
      )}
    </div>
  );
});

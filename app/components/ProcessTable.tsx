import Link from 'next/link';
import { memo, useMemo, useState } from 'react';
import type { ProcessGroup, ProcessStats } from '../../protocol/event';
import { bootToWallMs, formatAge, formatClock } from '../lib/format';
import { commHref, groupHref, processHref } from '../lib/links';
import {
  GROUP_NAMES, groupsByKey, labelSort, latestName, NO_KEY, rowLabel, type Sort, type SortKey, sortProcesses,
} from '../lib/processes';
import { nextSort } from '../lib/sort';
import { useRovingGrid } from '../lib/use-roving-grid';
import { toVisible } from '../lib/visible';
import { SortableTh } from './SortableTh';
import { VisibleText } from './VisibleText';

interface Column {
  key: SortKey;
  label: string;
  numeric: boolean;
  title: string;
}

const COLUMNS: readonly Column[] = [
  { key: 'pid', label: 'PID', numeric: true, title: 'Process id, or how many PIDs ran under the name' },
  { key: 'comm', label: 'process', numeric: false, title: 'Process name (comm)' },
  { key: 'opens', label: 'opens', numeric: true, title: 'Opens matching the filter, over everything stored' },
  { key: 'failed', label: 'failed', numeric: true, title: 'Of those, opens that returned an error' },
  { key: 'rate', label: 'rate/s', numeric: true, title: 'Opens per second over the last few seconds' },
  { key: 'lastTs', label: 'last seen', numeric: true, title: 'Time of the last open' },
  { key: 'lastPath', label: 'last path', numeric: false, title: 'Path of the last open' },
];

const KEY_TITLES: Readonly<Record<'exe' | 'unit' | 'container', string>> = {
  exe: 'The executable the processes run, then the latest process name when it differs',
  unit: 'The systemd unit, then the latest process name',
  container: 'The container (its short id), then the latest process name',
};

/** By name or PID as before; by executable, unit or container the second
 *  column is that key. */
function columnsFor(group: ProcessGroup): readonly Column[] {
  if (!groupsByKey(group)) return COLUMNS;
  const label: Column = { key: 'key', label: GROUP_NAMES[group], numeric: false, title: KEY_TITLES[group] };
  return COLUMNS.map((c) =>
    c.key === 'comm' ? label : c.key === 'pid' ? { ...c, title: `Process id, or how many PIDs ran in the ${GROUP_NAMES[group]}` } : c,
  );
}

/** Where a row leads: a PID to its page; a name seen under several PIDs
 *  to the overview narrowed to it, one row per PID. */
function rowHref(p: ProcessStats, from: string): string {
  return p.pid !== null ? processHref(p.pid, from, p.start) : commHref(p.comm, from);
}

/** Where the label of an executable, unit or container row leads: the
 *  overview narrowed to it, by PID. Null for the opens that have none:
 *  there is no filter for "no unit". */
function keyHref(p: ProcessStats, group: 'exe' | 'unit' | 'container', from: string): string | null {
  return p.key === '' ? null : groupHref(group, p.key, from);
}

function ProcessRow({
  p,
  group,
  bootWallMs,
  nowT,
  from,
}: {
  p: ProcessStats;
  group: ProcessGroup;
  bootWallMs: number | null;
  nowT: number | null;
  from: string;
}) {
  const byKey = groupsByKey(group) ? group : null;
  const filterHref = byKey ? keyHref(p, byKey, from) : null;
  const href = p.pid !== null || !byKey ? rowHref(p, from) : filterHref;
  const what = p.pid !== null ? 'Open the process' : `Show its ${p.pids} PIDs`;
  return (
    <tr
      data-testid="process-row"
      data-pid={p.pid ?? undefined}
      data-pids={p.pids}
      data-comm={p.comm}
      data-key={p.key}
      data-opens={p.opens}
      className="h-6 border-b border-line/60 hover:bg-hover"
    >
      <td className="px-2 text-right tabular-nums">
        {href ? (
          <Link href={href} prefetch={false} className="hover:text-accent hover:underline" title={what}>
            {p.pid ?? <span className="text-muted">{p.pids} PIDs</span>}
          </Link>
        ) : (
          <span className="text-muted">{p.pids} PIDs</span>
        )}
      </td>
      {byKey ? (
        <KeyCell p={p} group={byKey} href={filterHref} />
      ) : (
        <td className="px-2" title={`${toVisible(p.comm)} — ${what.toLowerCase()}`}>
          <Link href={rowHref(p, from)} prefetch={false} className="cell-text hover:text-accent hover:underline">
            <VisibleText text={p.comm} />
          </Link>
        </td>
      )}
      <td className="px-2 text-right tabular-nums">{p.opens}</td>
      <td className={`px-2 text-right tabular-nums ${p.failed > 0 ? 'text-bad' : 'text-muted'}`}>{p.failed}</td>
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

/** An executable, unit or container row's label: the key (a container's
 *  short id), a link that filters by it, and the latest name beside it. */
function KeyCell({ p, group, href }: { p: ProcessStats; group: 'exe' | 'unit' | 'container'; href: string | null }) {
  const name = latestName(p, group);
  const what = GROUP_NAMES[group];
  const title =
    p.key === ''
      ? `Opens with no ${what} known${group === 'exe' ? '' : ` (not in a ${what})`}: there is no filter for these`
      : `${toVisible(p.key)}${name === null ? '' : ` — latest process ${toVisible(name)}`} — show only this ${what}, by PID`;
  return (
    <td className="px-2" title={title}>
      <span className="flex min-w-0 items-baseline gap-2">
        {href === null ? (
          <span className="cell-text text-muted italic">{NO_KEY}</span>
        ) : (
          <Link href={href} prefetch={false} className="cell-text min-w-0 hover:text-accent hover:underline">
            <VisibleText text={rowLabel(p, group)} />
          </Link>
        )}
        {name !== null && (
          <span className="cell-text max-w-[45%] shrink-0 text-[11px] text-muted">
            <VisibleText text={name} />
          </span>
        )}
      </span>
    </td>
  );
}

/** The busiest names or PIDs matching the filter, as the server groups
 *  them (at most its limit); sorted here. */
export const ProcessTable = memo(function ProcessTable({
  processes,
  group,
  total,
  bootWallMs,
  nowT,
  from,
  reading,
}: {
  processes: readonly ProcessStats[];
  /** How the rows are grouped: by executable, unit or container they are
   *  labelled by it, and lead to the overview filtered by it. */
  group: ProcessGroup;
  /** Rows there are in all, beyond the ones sent. */
  total: number;
  bootWallMs: number | null;
  nowT: number | null;
  /** The overview query the links carry, for the way back. */
  from: string;
  /** Its answer is still being read: not the same as none. */
  reading: boolean;
}) {
  const [sort, setSort] = useState<Sort>({ key: 'opens', desc: true });
  const columns = columnsFor(group);
  const shown = labelSort(sort, group);
  const rows = useMemo(() => sortProcesses(processes, labelSort(sort, group)), [processes, sort, group]);
  // One tab stop for the sort buttons and every row's links; arrows inside.
  const roving = useRovingGrid();

  const onSort = (key: SortKey) =>
    // Numbers start biggest first, names A to Z; a second click flips.
    setSort((s) => nextSort(labelSort(s, group), key, (k) => columns.find((c) => c.key === k)?.numeric ?? false));

  return (
    <div className="max-h-72 overflow-auto">
      <table
        ref={roving.ref}
        onFocus={roving.onFocus}
        onKeyDown={roving.onKeyDown}
        role="grid"
        aria-label="Processes: one tab stop, arrow keys move between rows and links"
        data-testid="process-table"
        className="w-full min-w-[1040px] table-fixed border-collapse text-xs">
        <colgroup>
          <col className="w-20" />
          <col className={groupsByKey(group) ? 'w-72' : 'w-40'} />
          <col className="w-20" />
          <col className="w-20" />
          <col className="w-20" />
          <col className="w-20" />
          <col className="w-24" />
          <col />
        </colgroup>
        <thead className="sticky top-0 z-10 bg-panel-2">
          <tr className="border-b border-line">
            {columns.map((c) => (
              <SortableTh
                key={c.key}
                label={c.label}
                title={c.title}
                align={c.numeric ? 'text-right' : 'text-left'}
                active={shown.key === c.key}
                desc={shown.desc}
                onSort={() => onSort(c.key)}
              />
            ))}
          </tr>
        </thead>
        <tbody className="font-mono">
          {rows.map((p) => (
            <ProcessRow key={`${group}:${p.key}`} p={p} group={group} bootWallMs={bootWallMs} nowT={nowT} from={from} />
          ))}
        </tbody>
      </table>
      {rows.length === 0 && (
        <p data-testid="processes-empty" className="px-3 py-4 text-center text-xs text-muted">
          {reading ? 'Reading the store…' : 'No processes match'}
        </p>
      )}
      {total > processes.length && (
        <p className="px-3 py-1 text-xs text-muted">
          Showing the busiest {processes.length} of {total}: sorting orders these only.
        </p>
      )}
    </div>
  );
});

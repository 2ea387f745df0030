import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { memo, type MouseEvent, useMemo, useState } from 'react';
import { formatDuration } from '../../protocol/filter';
import type { FileGroup, FileRow } from '../../protocol/views';
import { formatFailures } from '../lib/files';
import { type FileRowSort, type FileRowSortKey, sortFileRows, topFailures } from '../lib/files-view';
import { formatCount } from '../lib/format';
import { nextSort } from '../lib/sort';
import { toVisible } from '../lib/visible';
import { SortableTh } from './SortableTh';
import { TimeText } from './TimeText';
import { VisibleText } from './VisibleText';

const COLUMNS: ReadonlyArray<{ key: FileRowSortKey; label: string; numeric: boolean; title: string }> = [
  { key: 'path', label: 'path', numeric: false, title: 'The absolute path (the name as passed where it is not known)' },
  { key: 'opens', label: 'opens', numeric: true, title: 'Opens matching the filter, failed ones included' },
  { key: 'failed', label: 'failures', numeric: true, title: 'Failed opens, with the commonest errnos' },
  { key: 'processes', label: 'processes', numeric: true, title: 'Distinct processes (PIDs) that opened it, and some of their names' },
  { key: 'p50Ns', label: 'p50', numeric: true, title: 'Median time an open took (entry to exit)' },
  { key: 'p99Ns', label: 'p99', numeric: true, title: '99th percentile of the time an open took' },
  { key: 'lastTs', label: 'last seen', numeric: true, title: 'Latest open: wall clock, then seconds since boot' },
];

function Duration({ ns, testId }: { ns: number | null; testId: string }) {
  return (
    <td data-testid={testId} data-value={ns ?? undefined} className="px-2 text-right tabular-nums">
      {ns === null ? (
        <span className="text-muted" title="No timed opens (old recordings and the article's lines carry no duration)">
          —
        </span>
      ) : (
        formatDuration(Math.round(ns))
      )}
    </td>
  );
}

/** A click anywhere on a row follows its link, unless it was on a link or
 *  asked for a new tab (the link itself does that). */
function followRow(e: MouseEvent<HTMLTableRowElement>, href: string | null, go: (href: string) => void) {
  if (href === null || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  if ((e.target as Element).closest('a, button')) return;
  if (window.getSelection()?.toString()) return;
  go(href);
}

const FileRowView = memo(function FileRowView({
  f,
  group,
  href,
  bootWallMs,
  onFollow,
}: {
  f: FileRow;
  group: FileGroup;
  href: string | null;
  bootWallMs: number | null;
  onFollow: (href: string) => void;
}) {
  // Names passed without a directory (relative, their file unknown) group as '.'.
  const noDir = group === 'dir' && f.path === '.';
  const what =
    group === 'dir'
      ? href === null
        ? 'Names passed without a directory'
        : 'List the files under this directory'
      : 'Show the file: its latency and the processes that opened it';
  const comms = f.comms.join(', ');
  return (
    <tr
      data-testid="files-row"
      data-path={f.path}
      data-opens={f.opens}
      data-failed={f.failed}
      onClick={(e) => followRow(e, href, onFollow)}
      className={`h-6 border-b border-line/60 hover:bg-hover ${href !== null ? 'cursor-pointer' : ''}`}
    >
      <td className="px-2" title={f.path === '' ? 'No path: the article’s BCC lines carry none' : `${toVisible(f.path)} — ${what.toLowerCase()}`}>
        {f.path === '' ? (
          <span className="text-muted">—</span>
        ) : href === null ? (
          <span className="cell-text">
            <VisibleText text={f.path} />
            {noDir && <span className="text-muted"> (no directory given)</span>}
          </span>
        ) : (
          <Link href={href} prefetch={false} data-testid="files-link" className="cell-text hover:text-accent hover:underline">
            <VisibleText text={f.path} />
          </Link>
        )}
      </td>
      <td data-testid="files-opens" className="px-2 text-right tabular-nums">
        {formatCount(f.opens)}
      </td>
      <td
        data-testid="files-failed"
        data-value={f.failed}
        className={`px-2 text-right ${f.failed > 0 ? 'font-semibold text-bad' : 'text-muted'}`}
        title={f.failed > 0 ? `${f.failed} of ${f.opens} opens failed: ${formatFailures(f.failures)}` : 'No failed opens'}
      >
        <span className="cell-text">
          {f.failed > 0 ? (
            <>
              <span className="tabular-nums">{formatCount(f.failed)}</span>{' '}
              <span className="font-normal">{topFailures(f.failures)}</span>
            </>
          ) : (
            '0'
          )}
        </span>
      </td>
      <td data-testid="files-processes" data-value={f.processes} className="px-2" title={comms ? `${f.processes} PIDs; names: ${toVisible(comms)}` : undefined}>
        <span className="cell-text">
          <span className="tabular-nums">{formatCount(f.processes)}</span>
          {comms && (
            <span className="text-muted">
              {' '}
              · <VisibleText text={comms} />
            </span>
          )}
        </span>
      </td>
      <Duration ns={f.p50Ns} testId="files-p50" />
      <Duration ns={f.p99Ns} testId="files-p99" />
      <td className="px-2 text-right tabular-nums">
        <TimeText ts={f.lastTs} bootWallMs={bootWallMs} />
      </td>
    </tr>
  );
});

/** The hottest files (or directories) across all processes, as the server
 *  ranks them (the busiest, up to its limit); sorted here. */
export const FilesTable = memo(function FilesTable({
  rows,
  total,
  group,
  hrefOf,
  bootWallMs,
}: {
  rows: readonly FileRow[];
  /** Rows there are in all, beyond the ones sent. */
  total: number;
  group: FileGroup;
  /** Where a row leads; null: nowhere. */
  hrefOf: (path: string) => string | null;
  bootWallMs: number | null;
}) {
  const router = useRouter();
  const [sort, setSort] = useState<FileRowSort>({ key: 'opens', desc: true });
  const sorted = useMemo(() => sortFileRows(rows, sort), [rows, sort]);
  const onSort = (key: FileRowSortKey) =>
    setSort((s) => nextSort(s, key, (k) => k !== 'path'));
  const onFollow = useMemo(() => (href: string) => router.push(href), [router]);

  return (
    <div className="max-h-[calc(100vh-220px)] min-h-40 overflow-auto">
      <table data-testid="files-table" data-group={group} className="w-full min-w-[1072px] table-fixed border-collapse text-xs">
        <colgroup>
          <col />
          <col className="w-20" />
          <col className="w-48" />
          <col className="w-56" />
          <col className="w-20" />
          <col className="w-20" />
          <col className="w-40" />
        </colgroup>
        <thead className="sticky top-0 z-10 bg-panel-2">
          <tr className="border-b border-line">
            {COLUMNS.map((c) => {
              const align = c.numeric && c.key !== 'processes' ? 'text-right' : 'text-left';
              const label = c.key === 'path' && group === 'dir' ? 'directory' : c.label;
              return (
                <SortableTh
                  key={c.key}
                  label={label}
                  title={c.title}
                  align={align}
                  active={sort.key === c.key}
                  desc={sort.desc}
                  onSort={() => onSort(c.key)}
                />
              );
            })}
          </tr>
        </thead>
        <tbody className="font-mono">
          {sorted.map((f) => (
            <FileRowView key={f.path} f={f} group={group} href={hrefOf(f.path)} bootWallMs={bootWallMs} onFollow={onFollow} />
          ))}
        </tbody>
      </table>
      {total > rows.length && (
        <p data-testid="files-shown" className="px-3 py-1 text-xs text-muted">
          Showing the {rows.length} most opened of {formatCount(total)}
          {group === 'dir' ? ' directories' : ' files'}: sorting orders these only; narrow the filter for the rest.
        </p>
      )}
    </div>
  );
});

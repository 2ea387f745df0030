import Link from 'next/link';
import { memo, useMemo, useState } from 'react';
import type { FileStats } from '../../protocol/event';
import { decodeFlagsSeen, failureCount, type FileSort, type FileSortKey, formatFailures, sortFiles } from '../lib/files';
import { fileHref } from '../lib/files-view';
import { nextSort } from '../lib/sort';
import { toVisible } from '../lib/visible';
import { SortableTh } from './SortableTh';
import { TimeText } from './TimeText';
import { VisibleText } from './VisibleText';

/** A process can count thousands of paths; the sort picks the ones shown. */
const MAX_ROWS = 500;

const COLUMNS: ReadonlyArray<{ key: FileSortKey | null; label: string; numeric: boolean; title: string }> = [
  { key: 'path', label: 'path', numeric: false, title: 'The absolute path (the name as passed where it is not known); click one for the file across all processes' },
  { key: 'opens', label: 'opens', numeric: true, title: 'Opens of this path, failed ones included' },
  { key: 'failures', label: 'failures', numeric: true, title: 'Failed opens by errno' },
  { key: 'firstTs', label: 'first seen', numeric: true, title: 'First open: wall clock, then seconds since boot' },
  { key: 'lastTs', label: 'last seen', numeric: true, title: 'Latest open: wall clock, then seconds since boot' },
  { key: null, label: 'flags seen', numeric: false, title: 'Distinct open(2) flag sets the process used (up to 8)' },
];

/** What one process opened, path by path, like csysdig's Files view. */
export const FileTable = memo(function FileTable({
  files,
  fileCount,
  bootWallMs,
}: {
  /** The most opened paths, as the server lists them. */
  files: readonly FileStats[];
  /** Distinct paths in all, listed or not. */
  fileCount: number;
  bootWallMs: number | null;
}) {
  const [sort, setSort] = useState<FileSort>({ key: 'opens', desc: true });
  const rows = useMemo(() => sortFiles(files, sort).slice(0, MAX_ROWS), [files, sort]);
  const onSort = (key: FileSortKey) =>
    setSort((s) => nextSort(s, key, (k) => k !== 'path'));

  return (
    <div className="max-h-[480px] overflow-auto">
      <table data-testid="file-table" className="w-full min-w-[1120px] table-fixed border-collapse text-xs">
        <colgroup>
          <col />
          <col className="w-20" />
          <col className="w-44" />
          <col className="w-40" />
          <col className="w-40" />
          <col className="w-72" />
        </colgroup>
        <thead className="sticky top-0 z-10 bg-panel-2">
          <tr className="border-b border-line">
            {COLUMNS.map((c) => {
              const align = c.numeric ? 'text-right' : 'text-left';
              const key = c.key;
              if (key === null) {
                return (
                  <th key={c.label} scope="col" className={`p-0 font-medium text-muted ${align}`}>
                    <span className="block px-2 py-1" title={c.title}>
                      {c.label}
                    </span>
                  </th>
                );
              }
              return (
                <SortableTh
                  key={c.label}
                  label={c.label}
                  title={c.title}
                  align={align}
                  active={sort.key === key}
                  desc={sort.desc}
                  onSort={() => onSort(key)}
                  unsorted={undefined}
                />
              );
            })}
          </tr>
        </thead>
        <tbody className="font-mono">
          {rows.map((f) => {
            const failed = failureCount(f);
            // The article's BCC lines carry no path (and so no flags).
            const noPath = f.path === '';
            const flags = decodeFlagsSeen(f.flags);
            return (
              <tr key={f.path} data-testid="file-row" data-path={f.path} className="h-6 border-b border-line/60 hover:bg-hover">
                <td className="px-2" title={noPath ? 'No path: the article’s BCC lines carry none' : toVisible(f.path)}>
                  {noPath ? (
                    <span className="cell-text text-muted">—</span>
                  ) : (
                    <Link
                      href={fileHref(f.path)}
                      prefetch={false}
                      data-testid="file-link"
                      className="cell-text hover:text-accent hover:underline"
                    >
                      <VisibleText text={f.path} />
                    </Link>
                  )}
                </td>
                <td data-testid="file-opens" className="px-2 text-right tabular-nums">
                  {f.opens}
                </td>
                <td
                  data-testid="file-failures"
                  className={`px-2 text-right ${failed > 0 ? 'font-semibold text-bad' : 'text-muted'}`}
                  title={failed > 0 ? `${failed} of ${f.opens} opens failed` : 'No failed opens'}
                >
                  <span className="cell-text">{failed > 0 ? formatFailures(f.failures) : '0'}</span>
                </td>
                <td className="px-2 text-right tabular-nums">
                  <TimeText ts={f.firstTs} bootWallMs={bootWallMs} />
                </td>
                <td className="px-2 text-right tabular-nums">
                  <TimeText ts={f.lastTs} bootWallMs={bootWallMs} />
                </td>
                <td className="px-2" title={noPath ? undefined : flags.join('\n')}>
                  <span data-testid="file-flags" className="cell-text">
                    {noPath ? <span className="text-muted">—</span> : flags.join(' · ')}
                  </span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {rows.length === 0 && <p className="px-3 py-4 text-center text-xs text-muted">No files yet</p>}
      {fileCount > rows.length && (
        <p data-testid="files-shown" className="px-3 py-1 text-xs text-muted">
          Showing {rows.length} of {fileCount} paths
          {files.length > rows.length ? ', the first in this order' : ': the most opened, sorted here'}.
        </p>
      )}
    </div>
  );
});

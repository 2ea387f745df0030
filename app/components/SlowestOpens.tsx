import Link from 'next/link';
import { memo, type ReactNode } from 'react';
import { errnoName } from '../../protocol/errno';
import { fileOf, type StoredEvent } from '../../protocol/event';
import { formatDuration } from '../../protocol/filter';
import { fileHref } from '../lib/files-view';
import { traceClock } from '../lib/format';
import { processHref } from '../lib/links';
import { toVisible } from '../lib/visible';
import { VisibleText } from './VisibleText';

/** The longest opens the store holds for the filter, longest first. */
export const SlowestOpens = memo(function SlowestOpens({
  events,
  bootWallMs,
  from,
  empty,
}: {
  /** null before the first answer. */
  events: readonly StoredEvent[] | null;
  bootWallMs: number | null;
  /** The overview query the process links carry, for the way back. */
  from: string;
  empty: ReactNode;
}) {
  return (
    <div className="max-h-72 overflow-auto">
      <table data-testid="slowest-table" className="w-full min-w-[640px] table-fixed border-collapse text-xs">
        <colgroup>
          <col className="w-20" />
          <col className="w-32" />
          <col className="w-20" />
          <col />
          <col className="w-24" />
        </colgroup>
        <thead className="sticky top-0 z-10 bg-panel-2">
          <tr className="border-b border-line text-muted">
            <th scope="col" className="px-2 py-1 text-right font-medium" title="From syscall entry to exit">
              took
            </th>
            <th scope="col" className="px-2 py-1 text-left font-medium" title="Process name (comm); click for the process">
              process
            </th>
            <th scope="col" className="px-2 py-1 text-right font-medium" title="Process id; click for the process">
              PID
            </th>
            <th scope="col" className="px-2 py-1 text-left font-medium" title="The absolute path (the name as passed where it is not known); click for the file">
              path
            </th>
            <th scope="col" className="px-2 py-1 text-left font-medium" title="File descriptor, or the error">
              result
            </th>
          </tr>
        </thead>
        <tbody className="font-mono">
          {(events ?? []).map((e) => {
            const path = fileOf(e);
            const href = processHref(e.pid, from, e.start);
            return (
              <tr
                key={e.seq}
                data-testid="slowest-row"
                data-duration-ns={e.durationNs}
                data-pid={e.pid}
                data-path={path}
                className="h-6 border-b border-line/60 hover:bg-hover"
                title={`at ${traceClock(e.ts, bootWallMs)} (${e.ts.toFixed(3)} s since boot), ${e.syscall}`}
              >
                <td className="px-2 text-right font-semibold tabular-nums" title={`${e.durationNs} ns`}>
                  {formatDuration(e.durationNs)}
                </td>
                <td className="px-2" title={`${toVisible(e.comm)} — open the process`}>
                  <Link href={href} prefetch={false} className="cell-text hover:text-accent hover:underline">
                    <VisibleText text={e.comm} />
                  </Link>
                </td>
                <td className="px-2 text-right tabular-nums">
                  <Link href={href} prefetch={false} className="hover:text-accent hover:underline" title="Open the process">
                    {e.pid}
                  </Link>
                </td>
                <td className="px-2" title={path ? toVisible(path) : 'No path'}>
                  {path ? (
                    <Link href={fileHref(path)} prefetch={false} className="cell-text hover:text-accent hover:underline">
                      <VisibleText text={path} />
                    </Link>
                  ) : (
                    <span className="text-muted">—</span>
                  )}
                </td>
                {e.errno !== 0 ? (
                  <td className="px-2 font-semibold text-bad" title={`errno ${e.errno} (returned ${e.ret})`}>
                    {errnoName(e.errno)}
                  </td>
                ) : (
                  <td className="px-2 tabular-nums" title="file descriptor">
                    {e.ret}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
      {events !== null && events.length === 0 && (
        <p data-testid="slowest-empty" className="px-3 py-4 text-center text-xs text-muted">
          {empty}
        </p>
      )}
      {events === null && <p className="px-3 py-4 text-center text-xs text-muted">Reading the store…</p>}
    </div>
  );
});

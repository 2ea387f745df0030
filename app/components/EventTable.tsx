import { useVirtualizer } from '@tanstack/react-virtual';
import Link from 'next/link';
import { memo, type ReactNode, useLayoutEffect, useRef } from 'react';
import { errnoName } from '../../protocol/errno';
import type { TraceEvent } from '../../protocol/event';
import { decodeOpenFlags } from '../../protocol/openflags';
import { processHref } from '../lib/links';
import { toVisible } from '../lib/visible';
import { TimeText } from './TimeText';
import { VisibleText } from './VisibleText';

const ROW_HEIGHT = 30;

/** Fixed widths keep every row aligned with the header without measuring;
 *  the path takes what is left. */
const COLUMNS = [
  { label: 'time', width: 'w-[170px]', title: 'Wall-clock time of the open, then seconds since boot' },
  { label: 'CPU', width: 'w-[44px] justify-end', title: 'CPU the open ran on' },
  { label: 'process', width: 'w-[150px]', title: 'Process name (comm); click for the process' },
  { label: 'PID', width: 'w-[72px] justify-end', title: 'Process id; click for the process' },
  { label: 'TID', width: 'w-[72px] justify-end', title: 'Thread id' },
  { label: 'UID', width: 'w-[60px] justify-end', title: 'Real user id (who runs the process); "1000→0" when the effective one, whose rights the open was checked against, differs (a setuid program)' },
  { label: 'syscall', width: 'w-[64px]', title: 'Which open syscall' },
  { label: 'flags', width: 'w-[220px]', title: 'open(2) flags' },
  { label: 'result', width: 'w-[96px]', title: 'File descriptor, or the error' },
  { label: 'path', width: 'min-w-0 flex-1', title: 'Path as passed by the caller' },
] as const;

const CELL = 'flex shrink-0 items-center overflow-hidden px-2';

function cls(i: number): string {
  return `${CELL} ${COLUMNS[i]?.width ?? ''}`;
}

/** Stable React keys for events (they carry no id): as new events push a
 *  row down, React moves its element instead of rewriting every cell. */
const eventKeys = new WeakMap<TraceEvent, number>();
let nextEventKey = 0;
function eventKey(e: TraceEvent): number {
  let k = eventKeys.get(e);
  if (k === undefined) {
    k = nextEventKey++;
    eventKeys.set(e, k);
  }
  return k;
}

/** Not in an article line: those carry only comm, pid, tid, cpu and time. */
const UNKNOWN = (
  <span className="text-muted" title="Not known: the article's BCC lines carry only name, PID, TID, CPU and time">
    —
  </span>
);

function EventRow({
  e,
  bootWallMs,
  from,
  start,
  index,
}: {
  e: TraceEvent;
  bootWallMs: number | null;
  from: string;
  start: number;
  index: number;
}) {
  return (
    <tr
      aria-rowindex={index + 2}
      data-testid="event-row"
      data-pid={e.pid}
      data-comm={e.comm}
      data-path={e.path}
      data-errno={e.errno}
      className="absolute top-0 left-0 flex w-full border-b border-line/60 font-mono [contain:strict] hover:bg-hover"
      style={{ height: ROW_HEIGHT, transform: `translateY(${start}px)` }}
    >
      <EventCells e={e} bootWallMs={bootWallMs} from={from} />
    </tr>
  );
}

/** The cells depend only on the event, so a row that merely moved skips them. */
const EventCells = memo(function EventCells({
  e,
  bootWallMs,
  from,
}: {
  e: TraceEvent;
  bootWallMs: number | null;
  from: string;
}) {
  const article = e.origin === 'article';
  const flags = decodeOpenFlags(e.flags);
  const href = processHref(e.pid, from);
  return (
    <>
      <td className={`${cls(0)} tabular-nums`}>
        <TimeText ts={e.ts} bootWallMs={bootWallMs} ms />
      </td>
      <td className={`${cls(1)} text-muted tabular-nums`}>{e.cpu}</td>
      <td className={cls(2)} title={`${toVisible(e.comm)} — open the process`}>
        <Link href={href} prefetch={false} className="cell-text hover:text-accent hover:underline">
          <VisibleText text={e.comm} />
        </Link>
      </td>
      <td className={`${cls(3)} tabular-nums`}>
        <Link href={href} prefetch={false} className="hover:text-accent hover:underline" title="Open the process">
          {e.pid}
        </Link>
      </td>
      <td className={`${cls(4)} text-muted tabular-nums`}>{e.tid}</td>
      {article ? (
        <td className={`${cls(5)} text-muted`}>{UNKNOWN}</td>
      ) : (
        <td
          className={`${cls(5)} tabular-nums ${e.euid === e.uid ? 'text-muted' : 'font-medium text-warn'}`}
          title={`real uid ${e.uid}, effective uid ${e.euid}`}
          data-euid={e.euid}
        >
          {e.euid === e.uid ? e.uid : `${e.uid}→${e.euid}`}
        </td>
      )}
      <td className={`${cls(6)} text-muted`}>{article ? UNKNOWN : e.syscall}</td>
      {article ? (
        <td className={cls(7)}>{UNKNOWN}</td>
      ) : (
        <td className={cls(7)} title={`${flags} (0${e.flags.toString(8)})`}>
          <span className="cell-text">{flags}</span>
        </td>
      )}
      {article ? (
        <td className={cls(8)}>{UNKNOWN}</td>
      ) : e.errno !== 0 ? (
        <td className={`${cls(8)} font-semibold text-bad`} title={`errno ${e.errno} (returned ${e.ret})`}>
          {errnoName(e.errno)}
        </td>
      ) : (
        <td className={`${cls(8)} tabular-nums`} title="file descriptor">
          {e.ret}
        </td>
      )}
      {article ? (
        <td className={cls(9)}>{UNKNOWN}</td>
      ) : (
        <td className={cls(9)} title={toVisible(e.path) + (e.truncated ? ' … (cut short by the tracer)' : '')}>
          <span className="cell-text">
            <VisibleText text={e.path} />
            {e.truncated && (
              <span className="ctl ml-0.5" title="Path cut short: the tracer copies a limited number of bytes">
                …
              </span>
            )}
          </span>
        </td>
      )}
    </>
  );
});

/** The newest events first, virtualized: only visible rows are in the DOM. */
export const EventTable = memo(function EventTable({
  events,
  bootWallMs,
  from,
  empty,
  heightClass = 'h-[calc(100vh-140px)] min-h-[360px]',
}: {
  events: readonly TraceEvent[];
  bootWallMs: number | null;
  /** The overview query the process links carry, for the way back. */
  from: string;
  /** What to say when there are no rows. */
  empty: ReactNode;
  heightClass?: string;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: events.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    // Generous: fast scrolling shows no blank rows, and a burst of a few
    // dozen opens stays in the DOM for find-in-page and the e2e tests.
    overscan: 40,
    // React 19 warns about flushSync during render; rows are fixed-height anyway.
    useFlushSync: false,
  });

  // New events go on top. When the reader has scrolled down to look at
  // something, keep it still by scrolling down with the rows it moved by.
  const topRef = useRef<TraceEvent | undefined>(undefined);
  // Tracked from scroll events: reading scrollTop here would force a
  // layout on every frame even when the reader is at the top.
  const scrolledRef = useRef(false);
  useLayoutEffect(() => {
    const el = scrollRef.current;
    const previousTop = topRef.current;
    topRef.current = events[0];
    if (!el || !scrolledRef.current || previousTop === undefined) return;
    const moved = events.indexOf(previousTop);
    if (moved > 0) el.scrollTop += moved * ROW_HEIGHT;
  }, [events]);

  return (
    <div
      ref={scrollRef}
      data-testid="event-table"
      onScroll={(e) => {
        scrolledRef.current = e.currentTarget.scrollTop > 0;
      }}
      // Its size never depends on the rows: contain keeps row changes from
      // re-laying out the rest of the page.
      className={`relative ${heightClass} overflow-auto [contain:strict]`}
      tabIndex={0}
      aria-label="Open events, newest first"
    >
      {/* aria-rowcount/rowindex: only a window of rows exists; the header is row 1. */}
      <table className="grid w-full min-w-[1100px] border-collapse text-xs" aria-rowcount={events.length + 1}>
        <thead className="sticky top-0 z-10 grid bg-panel-2">
          <tr className="flex w-full border-b border-line">
            {COLUMNS.map((c, i) => (
              <th key={c.label} scope="col" className={`${cls(i)} h-7 font-medium text-muted`} title={c.title}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="relative grid" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((row) => {
            const e = events[row.index];
            // Keyed by event, not index (the virtualizer's own key), for the
            // rows on screen only: keying all 20000 would cost every frame.
            return e ? (
              <EventRow
                key={eventKey(e)}
                e={e}
                bootWallMs={bootWallMs}
                from={from}
                start={row.start}
                index={row.index}
              />
            ) : null;
          })}
        </tbody>
      </table>
      {events.length === 0 && <div className="px-3 py-10 text-center text-sm text-muted">{empty}</div>}
    </div>
  );
});

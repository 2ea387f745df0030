import { useVirtualizer } from '@tanstack/react-virtual';
import Link from 'next/link';
import { memo, type MouseEvent, type ReactNode, useCallback, useLayoutEffect, useRef, useState } from 'react';
import { errnoName } from '../../protocol/errno';
import type { TraceEvent } from '../../protocol/event';
import { decodeOpenFlags } from '../../protocol/openflags';
import { durationText, eventPath, pathTitle, SLOW_NS, userText, whoLines } from '../lib/event-view';
import { processHref } from '../lib/links';
import { NARROW, useMediaQuery } from '../lib/use-media';
import { toVisible } from '../lib/visible';
import { EventDetail } from './EventDetail';
import { TimeText } from './TimeText';
import { VisibleText } from './VisibleText';

const ROW_HEIGHT = 30;
/** On a phone a row is two lines: time, process, PID and result, then the
 *  path across the whole width (the other columns are left out). */
const STACKED_ROW_HEIGHT = 48;

/** Fixed widths keep every row aligned with the header without measuring;
 *  the path takes what is left (some 270px of a 1280px window). Below sm
 *  (a phone) the max-sm: classes stack each row. */
const COLUMNS = [
  { label: 'time', width: 'w-[170px] max-sm:w-[104px]', title: 'Wall-clock time of the open, then seconds since boot' },
  { label: 'CPU', width: 'w-[40px] justify-end max-sm:hidden', title: 'CPU the open ran on' },
  { label: 'process', width: 'w-[140px] max-sm:min-w-0 max-sm:flex-1', title: 'Process name (comm); click for the process, hover for its executable, unit and container' },
  { label: 'PID', width: 'w-[72px] justify-end max-sm:w-[64px]', title: 'Process id; click for the process' },
  { label: 'TID', width: 'w-[72px] justify-end max-sm:hidden', title: 'Thread id' },
  { label: 'user', width: 'w-[84px] max-sm:hidden', title: 'Who runs the process (the name of its real uid); "alice→0" when the effective uid, whose rights the open was checked against, differs (a setuid program)' },
  { label: 'syscall', width: 'w-[64px] max-sm:hidden', title: 'Which open syscall' },
  { label: 'flags', width: 'w-[170px] max-sm:hidden', title: 'open(2) flags' },
  { label: 'result', width: 'w-[96px] max-sm:w-[72px]', title: 'File descriptor, or the error' },
  { label: 'took', width: 'w-[64px] justify-end max-sm:hidden', title: `How long the open took, syscall entry to exit ("—": not measured); from ${durationText(SLOW_NS)} on in colour` },
  { label: 'path', width: 'min-w-0 flex-1 max-sm:basis-full', title: 'The absolute path (symlinks resolved), then, dimmed, the name as the process passed it when that differs; click a row for all its details' },
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
  height,
  selected,
  onSelect,
}: {
  e: TraceEvent;
  bootWallMs: number | null;
  from: string;
  start: number;
  index: number;
  height: number;
  selected: boolean;
  onSelect: (e: TraceEvent, click: MouseEvent) => void;
}) {
  return (
    <tr
      aria-rowindex={index + 2}
      data-testid="event-row"
      data-pid={e.pid}
      data-comm={e.comm}
      data-path={e.path}
      data-full-path={e.fullPath}
      data-duration-ns={e.durationNs}
      data-unit={e.unit}
      data-errno={e.errno}
      data-selected={selected || undefined}
      onClick={(click) => onSelect(e, click)}
      className={`absolute top-0 left-0 flex w-full cursor-default border-b border-line/60 font-mono [contain:strict] max-sm:flex-wrap ${
        selected ? 'bg-accent/15' : 'hover:bg-hover'
      }`}
      style={{ height, transform: `translateY(${start}px)` }}
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
  const href = processHref(e.pid, from, e.start);
  const who = whoLines(e);
  return (
    <>
      <td className={`${cls(0)} tabular-nums`}>
        <TimeText ts={e.ts} bootWallMs={bootWallMs} ms />
      </td>
      <td className={`${cls(1)} text-muted tabular-nums`}>{e.cpu}</td>
      <td className={cls(2)} title={[`${toVisible(e.comm)} — open the process`, ...who].join('\n')}>
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
          className={`${cls(5)} ${e.euid === e.uid ? 'text-muted' : 'font-medium text-warn'}`}
          title={`${e.user ? `${toVisible(e.user)}: ` : ''}real uid ${e.uid}, effective uid ${e.euid}`}
          data-uid={e.uid}
          data-euid={e.euid}
        >
          <span className="cell-text">
            <VisibleText text={userText(e)} />
          </span>
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
        <td
          className={`${cls(9)} tabular-nums ${e.durationNs >= SLOW_NS ? 'font-medium text-warn' : e.durationNs === 0 ? 'text-muted' : ''}`}
          title={e.durationNs === 0 ? 'Not measured' : `${e.durationNs} ns from syscall entry to exit`}
        >
          {durationText(e.durationNs)}
        </td>
      )}
      {article ? (
        <td className={cls(10)}>{UNKNOWN}</td>
      ) : (
        <PathCell e={e} />
      )}
    </>
  );
});

/** A cut mark: the tracer had no room for all of a path. */
function Cut({ title }: { title: string }) {
  return (
    <span className="ctl ml-0.5 shrink-0" title={title}>
      …
    </span>
  );
}

/** The absolute path, and the name as passed, dimmed, when it differs;
 *  each cut on its own when long. */
function PathCell({ e }: { e: TraceEvent }) {
  const p = eventPath(e);
  return (
    <td className={`${cls(10)} gap-2`} title={pathTitle(e)}>
      <span className={`flex min-w-0 items-baseline ${p.absolute ? '' : 'text-muted italic'}`}>
        <span className="cell-tail min-w-0">
          <span className="cell-tail-text">
            <VisibleText text={p.file} />
          </span>
        </span>
        {p.fileCut && (
          <Cut title={p.absolute ? 'Cut short: the walk of the path ran out of room (too long or too deep), so parts are missing' : 'Path cut short: the tracer copies a limited number of bytes'} />
        )}
      </span>
      {p.passed !== null && (
        <span data-testid="path-passed" className="flex max-w-[30%] min-w-0 shrink-0 items-baseline text-[11px] text-muted">
          <span className="cell-tail min-w-0">
            <span className="cell-tail-text">
              <VisibleText text={p.passed} />
            </span>
          </span>
          {p.passedCut && <Cut title="Name cut short: the tracer copies a limited number of bytes" />}
        </span>
      )}
    </td>
  );
}

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
  const rowHeight = useMediaQuery(NARROW) ? STACKED_ROW_HEIGHT : ROW_HEIGHT;
  const virtualizer = useVirtualizer({
    count: events.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    // Rows past the view: enough that fast scrolling shows no blank rows.
    // Not more: at 50k opens/s every render replaces each row in the DOM,
    // and 40 a side (as before) made the browser benchmark's paint and
    // layout half as long again.
    overscan: 10,
    // React 19 warns about flushSync during render; rows are fixed-height anyway.
    useFlushSync: false,
  });

  // Sizes already measured are of the other height: start over.
  useLayoutEffect(() => virtualizer.measure(), [virtualizer, rowHeight]);

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
    if (moved > 0) el.scrollTop += moved * rowHeight;
  }, [events, rowHeight]);

  // The open whose details show under the table: kept when it scrolls out
  // of the rows held, until closed or another is picked.
  const [selected, setSelected] = useState<TraceEvent | null>(null);
  const onSelect = useCallback((e: TraceEvent, click: MouseEvent) => {
    // Links keep their own click; a drag that selected text is no pick.
    if ((click.target as Element).closest('a') || (window.getSelection()?.toString() ?? '') !== '') return;
    setSelected((s) => (s === e ? null : e));
  }, []);

  return (
    <>
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
        <table className="grid w-full border-collapse text-xs sm:min-w-[1180px]" aria-rowcount={events.length + 1}>
          <thead className="sticky top-0 z-10 grid bg-panel-2">
            <tr className="flex w-full border-b border-line max-sm:flex-wrap">
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
                  height={rowHeight}
                  selected={e === selected}
                  onSelect={onSelect}
                />
              ) : null;
            })}
          </tbody>
        </table>
        {events.length === 0 && <div className="px-3 py-10 text-center text-sm text-muted">{empty}</div>}
      </div>
      {selected && <EventDetail e={selected} bootWallMs={bootWallMs} from={from} onClose={() => setSelected(null)} />}
    </>
  );
});

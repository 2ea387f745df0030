import { useVirtualizer } from '@tanstack/react-virtual';
import { Fragment, memo, type ReactNode, useLayoutEffect, useRef } from 'react';
import { MAX_FOREIGN_LINE, type ForeignLine } from '../../protocol/views';
import { bootToWallMs, formatClock } from '../lib/format';
import { lineSegments } from '../lib/trace-pipe';
import { escapeCodes } from '../lib/visible';

const ROW_HEIGHT = 20;

/** A line's bytes, every control or stray byte a styled escape. */
const LineText = memo(function LineText({ line }: { line: ForeignLine }) {
  return (
    <span className="pr-3 whitespace-pre [unicode-bidi:isolate]">
      {lineSegments(line.line).map((s, i) =>
        s.control ? (
          <span key={i} className="ctl" title={escapeCodes(s.raw)}>
            {s.text}
          </span>
        ) : (
          <Fragment key={i}>{s.text}</Fragment>
        ),
      )}
      {line.cut && (
        <span className="ctl ml-0.5" title={`Cut: the server keeps the first ${MAX_FOREIGN_LINE} bytes of a line`}>
          …
        </span>
      )}
    </span>
  );
});

function Row({
  line,
  bootWallMs,
  start,
  index,
  count,
}: {
  line: ForeignLine;
  bootWallMs: number | null;
  start: number;
  index: number;
  count: number;
}) {
  const when = line.ts === null ? null : bootWallMs === null ? line.ts.toFixed(3) : formatClock(bootToWallMs(bootWallMs, line.ts), true);
  return (
    <div
      role="listitem"
      aria-posinset={index + 1}
      aria-setsize={count}
      data-testid="trace-pipe-line"
      data-seq={line.seq}
      className="absolute top-0 left-0 flex min-w-full items-center hover:bg-hover"
      style={{ height: ROW_HEIGHT, transform: `translateY(${start}px)` }}
    >
      <span
        className="sticky left-0 w-[104px] shrink-0 bg-panel px-2 text-muted tabular-nums"
        title={`line ${line.seq}${line.ts === null ? '' : ` · ${line.ts.toFixed(6)} s since boot`}`}
      >
        {when ?? '—'}
      </span>
      <LineText line={line} />
    </div>
  );
}

/** The lines oldest first, virtualized (only the visible rows are in the
 *  DOM). It follows new lines while scrolled to the bottom; scrolled up,
 *  what is read stays still, also as old lines go from the top. */
export const TracePipeList = memo(function TracePipeList({
  lines,
  trimmed,
  bootWallMs,
  empty,
}: {
  lines: readonly ForeignLine[];
  /** Lines let go from the top so far. */
  trimmed: number;
  bootWallMs: number | null;
  empty: ReactNode;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: lines.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 30,
    // React 19 warns about flushSync during render; rows are fixed-height anyway.
    useFlushSync: false,
  });

  const atBottomRef = useRef(true);
  const trimmedRef = useRef(trimmed);
  useLayoutEffect(() => {
    const el = scrollRef.current;
    const removed = trimmed - trimmedRef.current;
    trimmedRef.current = trimmed;
    if (!el) return;
    if (atBottomRef.current) el.scrollTop = el.scrollHeight;
    else if (removed > 0) el.scrollTop = Math.max(0, el.scrollTop - removed * ROW_HEIGHT);
  }, [lines, trimmed]);

  return (
    <div
      ref={scrollRef}
      data-testid="trace-pipe-lines"
      onScroll={(e) => {
        const el = e.currentTarget;
        atBottomRef.current = el.scrollHeight - el.scrollTop - el.clientHeight < ROW_HEIGHT;
      }}
      className="relative h-[calc(100vh-230px)] min-h-[320px] overflow-auto font-mono text-xs [contain:strict]"
      tabIndex={0}
      // A list needs items: while there are none it is a named region.
      role={lines.length > 0 ? 'list' : 'region'}
      aria-label="Trace pipe lines from other programs, oldest first"
    >
      <div className="relative" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((row) => {
          const line = lines[row.index];
          return line ? (
            <Row
              key={line.seq}
              line={line}
              bootWallMs={bootWallMs}
              start={row.start}
              index={row.index}
              count={lines.length}
            />
          ) : null;
        })}
      </div>
      {lines.length === 0 && <div className="absolute inset-x-0 top-0 px-3 py-10 text-center font-sans text-sm text-muted">{empty}</div>}
    </div>
  );
});

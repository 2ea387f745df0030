import { storeHoldsSeconds, type StoreStats } from '../../protocol/views';
import { formatBytes, traceClock } from '../lib/format';
import { formatSpan } from '../lib/rate-window';
import { Count } from './Count';

/** The event store under the status bar: what it holds, over which
 *  window, and what it had to let go. Losses are in the warning colour
 *  whenever they are not zero, never hidden. */
export function StoreStatus({
  store,
  bootWallMs,
  className,
}: {
  store: StoreStats;
  bootWallMs: number | null;
  className: string;
}) {
  const warn = (n: number) => (n > 0 ? 'rounded bg-warn/15 px-1 font-semibold text-warn' : 'text-muted');
  const window =
    store.oldestTs === null || store.newestTs === null
      ? 'empty'
      : `${traceClock(store.oldestTs, bootWallMs)} – ${traceClock(store.newestTs, bootWallMs)}`;
  return (
    <div
      className={`flex flex-wrap items-center gap-x-4 gap-y-1 border-t border-line px-3 py-1 text-xs ${className}`}
      title={`Event store: ${store.path}`}
    >
      <span className="text-[11px] text-muted">store</span>
      <Count
        label="events"
        value={store.events}
        testId="store-events"
        title={`Events stored now; ${formatBytes(store.bytes)} of at most ${formatBytes(store.maxBytes)}`}
      />
      <span
        data-testid="store-window"
        data-oldest={store.oldestTs ?? ''}
        data-newest={store.newestTs ?? ''}
        className="font-mono tabular-nums"
        title={`The oldest and newest stored event: the window the totals cover. Events are kept ${formatSpan(store.retentionSeconds)}, while the data stays under ${formatBytes(store.maxBytes)}: at the rate so far, about ${formatSpan(storeHoldsSeconds(store))}`}
      >
        {window}
      </span>
      <span className="text-muted" title="Stored data, and the most it may take">
        {formatBytes(store.bytes)} / {formatBytes(store.maxBytes)}
      </span>
      <Count
        label="dropped (age)"
        value={store.droppedByAge}
        testId="store-dropped-age"
        title={`Events removed since the backend started because they were older than ${formatSpan(store.retentionSeconds)}`}
        className={warn(store.droppedByAge)}
      />
      <Count
        label="dropped (size)"
        value={store.droppedBySize}
        testId="store-dropped-size"
        title={`Oldest events removed since the backend started to keep the data under ${formatBytes(store.maxBytes)}: the totals no longer cover them`}
        className={warn(store.droppedBySize)}
      />
      <Count
        label="write failures"
        value={store.writeFailures}
        testId="store-write-failures"
        title={
          store.writeFailures > 0
            ? `Events the database refused to store: missing from every view and export. Last error: ${store.lastError ?? 'not reported'}`
            : 'Events the database refused to store'
        }
        className={warn(store.writeFailures)}
      />
      {store.writeFailures > 0 && store.lastError && (
        <span data-testid="store-last-error" className="min-w-0 truncate text-warn" title={store.lastError}>
          {store.lastError}
        </span>
      )}
    </div>
  );
}

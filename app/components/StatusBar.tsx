import type { Counts, TracerStatus } from '../../protocol/status';
import type { StoreStats } from '../../protocol/views';
import type { Connection } from '../lib/live-connection';
import { Count } from './Count';
import { PageNav } from './PageNav';
import { ReplayBanner } from './ReplayBanner';
import { StoreStatus } from './StoreStatus';

const CONN_STYLE: Record<Connection['status'], string> = {
  connecting: 'text-warn',
  live: 'text-good',
  disconnected: 'text-bad',
};

const TRACER_STYLE: Record<TracerStatus['state'], string> = {
  starting: 'text-warn',
  running: 'text-good',
  failed: 'text-bad',
  stopped: 'text-muted',
  replay: 'text-info',
};

export function StatusBar({
  connection,
  tracer,
  counts,
  omitted,
  protocolError,
  store,
  bootWallMs,
}: {
  connection: Connection;
  tracer: TracerStatus | null;
  counts: Counts | null;
  omitted: number;
  protocolError: string | null;
  store: StoreStats | null;
  bootWallMs: number | null;
}) {
  const lost = counts?.lost ?? 0;
  const spooledMb = (counts?.spooled ?? 0) / (1 << 20);
  const scope = tracer
    ? [
        tracer.scope.pid !== null && `pid ${tracer.scope.pid}`,
        tracer.scope.uid !== null && `uid ${tracer.scope.uid}`,
        tracer.scope.comm !== null && `comm ${tracer.scope.comm}`,
      ]
        .filter(Boolean)
        .join(', ')
    : '';
  // Without a live connection the tracer and counts are only last known.
  const stale = connection.status !== 'live' && tracer !== null;
  const staleClass = stale ? 'opacity-50' : '';
  const staleTitle = stale ? 'Last known values: not connected to the server' : undefined;
  const retry = connection.retryInMs !== null ? ` — retrying in ${Math.round(connection.retryInMs / 1000)} s` : '';
  return (
    <header className="border-b border-line bg-panel">
      <div className="flex flex-wrap items-center gap-x-5 gap-y-1 px-3 py-2">
        <h1 className="font-mono text-sm font-bold tracking-tight">
          ebpf-dash
        </h1>
        <PageNav current="/" />

        <div className="flex min-w-0 items-center gap-1.5" role="status" aria-live="polite">
          <span data-testid="conn-status" className={`font-medium ${CONN_STYLE[connection.status]}`}>
            <span aria-hidden="true">● </span>
            {connection.status}
          </span>
          {(connection.reason || retry) && (
            <span className="truncate text-xs text-muted" title={`${connection.reason ?? ''}${retry}`}>
              {connection.reason}
              {retry}
            </span>
          )}
        </div>

        <div className={`flex items-center gap-2 text-xs ${staleClass}`} title={staleTitle}>
          <span className="text-muted">tracer</span>
          <span data-testid="tracer-state" className={`font-medium ${tracer ? TRACER_STYLE[tracer.state] : 'text-muted'}`}>
            {tracer?.state ?? '—'}
          </span>
          <span
            data-testid="attach-mode"
            className="rounded border border-line px-1 font-mono"
            title={`How the tracer is hooked (fentry: fexit on the syscall wrappers; kprobe: kprobes on them; tracepoint: the syscall tracepoints)${tracer?.attachWhy ? `. ${tracer.attachWhy}` : ''}`}
          >
            {tracer?.attach ?? '—'}
          </span>
          {tracer && tracer.syscalls.length > 0 && (
            <span className="font-mono text-muted" title="Syscalls hooked">
              {tracer.syscalls.join(' ')}
            </span>
          )}
          {scope && (
            <span
              data-testid="trace-scope"
              className="rounded bg-warn/15 px-1 font-mono text-warn"
              title="The kernel side traces only this (--pid, --uid, --comm): other opens are never seen, counted or charted"
            >
              only {scope}
            </span>
          )}
          {tracer && (
            <span
              className={tracer.restarts > 0 ? 'text-warn' : 'text-muted'}
              title="Times the loader died and was started again"
            >
              restarts {tracer.restarts}
            </span>
          )}
        </div>

        <div
          className={`ml-auto flex flex-wrap items-center gap-x-4 gap-y-1 ${staleClass}`}
          title={staleTitle}
        >
          <Count label="lines" value={counts?.lines ?? 0} testId="count-lines" title="Lines read from trace_pipe" />
          <Count label="events" value={counts?.events ?? 0} testId="count-events" title="Lines that became open events" />
          <Count
            label="records"
            value={counts?.records ?? 0}
            testId="count-records"
            title="Our other lines: full paths, execs and forks (they complete the events; lines = events + records + foreign + unparsed)"
          />
          <Count
            label="no full path"
            value={counts?.fullMissing ?? 0}
            testId="count-full-missing"
            title="Events whose full-path line the kernel dropped: their absolute path is only what their own path says (unknown for a relative one)"
            className={counts && counts.fullMissing > 0 ? 'text-warn' : ''}
          />
          <Count
            label="foreign"
            value={counts?.foreign ?? 0}
            testId="count-foreign"
            title="trace_pipe lines from other programs sharing it (not ours, ignored)"
          />
          <Count
            label="unparsed"
            value={counts?.unparsed ?? 0}
            testId="count-unparsed"
            title="Lines nobody could make sense of (cut, corrupt or over-long)"
            className={counts && counts.unparsed > 0 ? 'text-warn' : ''}
          />
          <Count
            label="lost"
            value={lost}
            testId="count-lost"
            title={`Opens that happened but were never seen: trace entries the kernel dropped before they could be read (overrun ${counts?.overrun ?? 0}, LOST markers ${counts?.lostMarkers ?? 0}) and opens the BPF side could not record (${counts?.startsFull ?? 0}); exits that never ran: ${counts?.exitsMissed ?? 0}; the reader waited ${((counts?.spoolFullMs ?? 0) / 1000).toFixed(1)} s for room in a full spool (--spool-mb)`}
            className={lost > 0 ? 'rounded bg-bad/15 px-1 font-semibold text-bad' : ''}
          />
          {spooledMb >= 1 && (
            <span
              data-testid="spooled"
              className="rounded bg-warn/15 px-1 text-xs text-warn"
              title="Lines read from trace_pipe and waiting to be parsed and stored (the spool, at most --spool-mb): a burst waits here, nothing is lost; views and counts catch up as it drains"
            >
              {spooledMb.toFixed(1)} MB behind
            </span>
          )}
          <Count
            label="omitted"
            value={omitted}
            testId="count-omitted"
            title="Matching events the server stored but did not send to this browser because the rate was too high"
            className={omitted > 0 ? 'text-warn' : 'text-muted'}
          />
        </div>
      </div>
      {store && <StoreStatus store={store} bootWallMs={bootWallMs} className={staleClass} />}

      <ReplayBanner tracer={tracer} />
      {/* A replay's message is in its banner. */}
      {tracer?.message && tracer.state !== 'replay' && (
        <p className="border-t border-line px-3 py-1 text-xs text-warn" title="Last tracer message">
          tracer: {tracer.message}
        </p>
      )}
      {omitted > 0 && (
        <p className="border-t border-line px-3 py-1 text-xs text-warn">
          {omitted} events were not sent to this browser because the rate was too high: the store has them (the
          counts, charts and exports include them) but the event table may miss some until it is read again.
        </p>
      )}
      {protocolError && (
        <p className="border-t border-line px-3 py-1 text-xs break-words text-bad">{protocolError}</p>
      )}
    </header>
  );
}

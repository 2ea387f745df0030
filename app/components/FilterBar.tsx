import type { Ref } from 'react';
import { EVENT_CAPACITY } from '../lib/dashboard-store';
import { type FilterInput, parsePid } from '../lib/filter-input';

const INPUT =
  'h-7 rounded border border-line bg-panel-2 px-2 font-mono text-xs outline-none placeholder:text-muted/70 focus:border-accent';

export function FilterBar({
  input,
  onChange,
  commRef,
  paused,
  onTogglePause,
  newWhilePaused,
  shown,
  buffered,
}: {
  input: FilterInput;
  onChange: (next: FilterInput) => void;
  commRef: Ref<HTMLInputElement>;
  paused: boolean;
  onTogglePause: () => void;
  newWhilePaused: number;
  shown: number;
  buffered: number;
}) {
  const pidInvalid = parsePid(input.pid) === null;
  return (
    <form
      className="flex flex-wrap items-center gap-x-4 gap-y-2 rounded-md border border-line bg-panel px-3 py-2"
      role="search"
      onSubmit={(e) => e.preventDefault()}
    >
      <label className="flex items-center gap-1.5 text-xs text-muted">
        process
        <input
          ref={commRef}
          data-testid="filter-comm"
          className={`${INPUT} w-40`}
          value={input.comm}
          maxLength={256}
          placeholder="name… (press /)"
          title="Process name contains (press / to get here)"
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => onChange({ ...input, comm: e.target.value })}
        />
      </label>
      <label className="flex items-center gap-1.5 text-xs text-muted">
        PID
        <input
          data-testid="filter-pid"
          className={`${INPUT} w-24 ${pidInvalid ? 'border-bad text-bad' : ''}`}
          value={input.pid}
          inputMode="numeric"
          placeholder="any"
          autoComplete="off"
          aria-invalid={pidInvalid}
          title={pidInvalid ? 'Not a PID: ignored until it is a positive integer' : 'Exact process id'}
          onChange={(e) => onChange({ ...input, pid: e.target.value })}
        />
      </label>
      <label className="flex min-w-0 flex-1 items-center gap-1.5 text-xs text-muted">
        path
        <input
          data-testid="filter-path"
          className={`${INPUT} w-full min-w-40`}
          value={input.path}
          maxLength={4096}
          placeholder="path contains…"
          title="Path contains"
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => onChange({ ...input, path: e.target.value })}
        />
      </label>
      <label className="flex items-center gap-1.5 text-xs select-none">
        <input
          type="checkbox"
          data-testid="filter-failed"
          className="accent-[var(--bad)]"
          checked={input.failedOnly}
          onChange={(e) => onChange({ ...input, failedOnly: e.target.checked })}
        />
        failed only
      </label>

      <div className="ml-auto flex items-center gap-3">
        <span
          className="text-xs text-muted tabular-nums"
          title={`Buffered events matching the filter / all buffered events (the newest ${EVENT_CAPACITY} are kept)`}
        >
          {shown} / {buffered} events
        </span>
        {paused && (
          <span data-testid="paused-count" className="text-xs font-medium text-warn tabular-nums" role="status">
            {newWhilePaused} new events while paused
          </span>
        )}
        <button
          type="button"
          data-testid="pause-button"
          onClick={onTogglePause}
          aria-pressed={paused}
          title="Freeze the table and charts; data keeps arriving (space)"
          className={`h-7 w-20 rounded border text-xs font-medium ${
            paused ? 'border-warn bg-warn/15 text-warn' : 'border-line bg-panel-2 hover:bg-hover'
          }`}
        >
          {paused ? 'Resume' : 'Pause'}
        </button>
      </div>
    </form>
  );
}

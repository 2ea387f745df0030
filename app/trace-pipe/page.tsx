'use client';
import { useEffect, useState } from 'react';
import { FOREIGN_KEEP_BYTES, FOREIGN_KEEP_LINES, MAX_TRACE_PIPE_SEARCH } from '../../protocol/views';
import { Panel } from '../components/Panel';
import { PolledHeader } from '../components/PolledHeader';
import { TracePipeList } from '../components/TracePipeList';
import { VisibleText } from '../components/VisibleText';
import { formatBytes, formatCount } from '../lib/format';
import { MAX_HELD_LINES } from '../lib/trace-pipe';
import { useHealth } from '../lib/use-health';
import { TRACE_PIPE_POLL_MS, useTracePipe } from '../lib/use-trace-pipe';

/** Typing settles this long before the server is asked. */
const SEARCH_DEBOUNCE_MS = 200;

const INPUT =
  'h-7 rounded border border-line bg-panel-2 px-2 font-mono text-xs outline-none placeholder:text-muted/70 focus:border-accent';

/** Other programs' trace_pipe lines, which the backend, as trace_pipe's
 *  one reader, would otherwise take from them. */
export default function TracePipePage() {
  const health = useHealth();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [paused, setPaused] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setQ(text), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);
  const view = useTracePipe(q, paused);
  const shown = view.lines.length;
  const keeps = `The server keeps the newest ${formatCount(FOREIGN_KEEP_LINES)} lines (${formatBytes(FOREIGN_KEEP_BYTES)}); this page the newest ${formatCount(MAX_HELD_LINES)} it read`;

  return (
    <div className="flex min-h-screen flex-col">
      <PolledHeader
        current="/trace-pipe"
        pollMs={TRACE_PIPE_POLL_MS}
        sampledAt={view.sampledAt}
        error={view.error}
        errorPrefix="Cannot read the trace pipe lines: "
        errorTestId="trace-pipe-error"
        paused={paused}
        tracer={health.tracer}
      />
      <main className="flex flex-col gap-3 p-3">
        <Panel
          title="Trace pipe"
          aside={
            <span className="flex flex-wrap items-center justify-end gap-x-3 gap-y-1">
              <span data-testid="trace-pipe-count" data-value={shown} title={`${keeps}. Lines from other programs read since the backend started: ${formatCount(view.total)}`}>
                {formatCount(shown)} {q ? 'matching ' : ''}
                {shown === 1 ? 'line' : 'lines'}
                {view.total > 0 && ` · ${formatCount(view.total)} read`}
              </span>
              {view.dropped > 0 && (
                <span data-testid="trace-pipe-dropped" data-value={view.dropped} className="text-warn" title={keeps}>
                  {formatCount(view.dropped)} older {view.dropped === 1 ? 'line' : 'lines'} dropped
                </span>
              )}
              <span>oldest first{paused ? ' · paused' : ''}</span>
            </span>
          }
        >
          <p className="border-b border-line px-3 py-2 text-xs text-muted">
            Lines in <code className="font-mono text-fg">trace_pipe</code> from other programs (your own{' '}
            <code className="font-mono text-fg">bpf_printk</code>, other tracers). The dashboard reads{' '}
            <code className="font-mono text-fg">trace_pipe</code>, which hands each line to one reader, so it shows them
            here.
          </p>
          <form
            role="search"
            className="flex flex-wrap items-center gap-x-4 gap-y-2 border-b border-line px-3 py-2"
            onSubmit={(e) => e.preventDefault()}
          >
            <label className="flex min-w-56 flex-1 items-center gap-1.5 text-xs text-muted">
              search
              <input
                type="search"
                data-testid="trace-pipe-search"
                className={`${INPUT} w-full`}
                value={text}
                maxLength={MAX_TRACE_PIPE_SEARCH}
                placeholder="text in the line (any case)…"
                title="Plain text, ASCII letters in either case; searches every line the server holds"
                spellCheck={false}
                autoComplete="off"
                onChange={(e) => setText(e.target.value)}
              />
            </label>
            <button
              type="button"
              data-testid="trace-pipe-pause"
              onClick={() => setPaused((p) => !p)}
              aria-label={paused ? 'Resume reading trace pipe lines' : 'Pause reading trace pipe lines'}
              title={paused ? 'Read new lines again' : `Stop reading new lines (the server keeps the newest ${formatCount(FOREIGN_KEEP_LINES)})`}
              className={`ml-auto h-7 w-20 rounded border text-xs font-medium ${
                paused ? 'border-warn bg-warn/15 text-warn' : 'border-line bg-panel-2 hover:bg-hover'
              }`}
            >
              {paused ? 'Resume' : 'Pause'}
            </button>
          </form>
          <TracePipeList
            key={q}
            lines={view.lines}
            trimmed={view.trimmed}
            bootWallMs={health.bootWallMs}
            empty={
              view.sampledAt === null ? (
                view.error ? 'No lines could be read yet.' : q ? 'Searching…' : 'Reading…'
              ) : q ? (
                <>
                  No line the server holds contains <code className="font-mono text-fg">
                    <VisibleText text={q} />
                  </code>; new ones appear as
                  they come.
                </>
              ) : (
                'No lines from other programs yet: whatever else writes to trace_pipe (a bpf_printk, an enabled trace event) appears here as it comes.'
              )
            }
          />
        </Panel>
      </main>
    </div>
  );
}

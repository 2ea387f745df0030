'use client';
import { Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { filterToQuery, isEmptyFilter, matchesFilter } from '../protocol/filter';
import { EventTable } from './components/EventTable';
import { ExportLinks } from './components/ExportLinks';
import { FilterBar } from './components/FilterBar';
import { Panel } from './components/Panel';
import { ProcessTable } from './components/ProcessTable';
import { RateChart } from './components/RateChart';
import { type Shortcut, ShortcutsHelp } from './components/ShortcutsHelp';
import { StatusBar } from './components/StatusBar';
import { TopProcesses } from './components/TopProcesses';
import { WindowSelect } from './components/WindowSelect';
import { EMPTY_FILTER_INPUT } from './lib/filter-input';
import { filterProcesses } from './lib/processes';
import { bucketSeconds, downsample, lastSeconds, rateFromEvents } from './lib/rate-window';
import { useDashboard } from './lib/use-dashboard';
import { useUrlFilter } from './lib/use-url-filter';

const SHORTCUTS: readonly Shortcut[] = [
  { keys: '/', what: 'Focus the filter' },
  { keys: 'Space', what: 'Pause or resume the table and charts' },
  { keys: '?', what: 'Show or hide this help' },
  { keys: 'Esc', what: 'Close this help' },
];

/** Keys typed here are text: no page shortcut may take them. */
function isTextTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

// The filter lives in the URL, read with useSearchParams: Next renders
// such a page on the client only, under a Suspense boundary.
export default function OverviewPage() {
  return (
    <Suspense fallback={<p className="p-6 text-center text-xs text-muted">Loading…</p>}>
      <Dashboard />
    </Suspense>
  );
}

function Dashboard() {
  const { input, setInput, filter, errors, window: chartWindow, setWindow, query } = useUrlFilter();
  const [paused, setPaused] = useState(false);
  const [help, setHelp] = useState(false);
  const view = useDashboard(filter, paused);
  const { data } = view;
  const commRef = useRef<HTMLInputElement>(null);
  const filtered = !isEmptyFilter(filter);

  // The server filters what it sends from now on; what is already buffered
  // is filtered here with the same function, so the change shows at once.
  const events = useMemo(
    () => (filtered ? data.events.filter((e) => matchesFilter(filter, e)) : data.events),
    [data.events, filter, filtered],
  );
  const processes = useMemo(() => filterProcesses(data.processes, filter), [data.processes, filter]);

  // The server's per-second history counts every open; with a filter the
  // only per-second counts there are come from the matching events held here.
  const seconds = chartWindow * 60;
  const chartPoints = useMemo(() => {
    if (!filtered) return downsample(lastSeconds(data.rate, seconds));
    if (data.nowT === null) return [];
    return downsample(rateFromEvents(events, Math.floor(data.nowT), seconds));
  }, [filtered, data.rate, data.nowT, events, seconds]);

  const togglePause = useCallback(() => setPaused((p) => !p), []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTextTarget(e.target)) return;
      if (e.key === '?') {
        e.preventDefault();
        setHelp((h) => !h);
      } else if (e.key === 'Escape') {
        setHelp(false);
      } else if (help) {
        // The help is over the page: its keys do nothing underneath.
      } else if (e.key === '/') {
        e.preventDefault();
        commRef.current?.focus();
        commRef.current?.select();
      } else if (e.key === ' ' && !(e.target instanceof HTMLButtonElement)) {
        e.preventDefault();
        togglePause();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [togglePause, help]);

  const hasProcessFilter = filter.comm !== undefined || filter.pid !== undefined;
  const pausedNote = paused ? ' · paused' : '';
  const bucket = bucketSeconds(seconds);
  const shownFilter = [...filterToQuery(filter)].map(([k, v]) => `${k}=${v}`).join(' ');

  return (
    <div className="flex min-h-screen flex-col">
      <StatusBar
        connection={view.connection}
        tracer={view.tracer}
        counts={view.counts}
        omitted={view.omitted}
        protocolError={view.protocolError}
      />
      <main className="flex flex-col gap-3 p-3">
        <FilterBar
          input={input}
          errors={errors}
          onChange={setInput}
          commRef={commRef}
          paused={paused}
          onTogglePause={togglePause}
          newWhilePaused={view.newWhilePaused}
          shown={events.length}
          buffered={data.events.length}
          onHelp={() => setHelp(true)}
        />
        <div className="grid grid-cols-1 gap-3 xl:grid-cols-[3fr_2fr]">
          <Panel
            title="Opens per second"
            aside={
              <span className="flex flex-wrap items-center justify-end gap-x-3 gap-y-1">
                {filtered ? (
                  <span
                    data-testid="chart-source"
                    className="text-warn"
                    title="The server counts every open per second but not per filter: these counts come from the matching events this page has received since it loaded or the filter changed (the newest 20000, less any the server left out)"
                  >
                    matching the filter: counted from the {events.length} events held here
                  </span>
                ) : (
                  <span data-testid="chart-source">all processes</span>
                )}
                {bucket > 1 && <span title="Each point is the average of its seconds">{bucket} s averages</span>}
                {pausedNote && <span>paused</span>}
                <WindowSelect value={chartWindow} onChange={setWindow} historySeconds={data.historySeconds} />
              </span>
            }
          >
            <RateChart points={chartPoints} seconds={seconds} bootWallMs={data.bootWallMs} />
          </Panel>
          <Panel
            title="Top processes by opens"
            aside={`${hasProcessFilter ? 'matching the process filter' : 'since the tracer started'}${pausedNote}`}
          >
            <TopProcesses
              processes={processes}
              empty={hasProcessFilter ? 'No process matches the process filter' : 'No processes yet'}
            />
          </Panel>
        </div>
        <Panel title="Processes" aside={`${processes.length} shown · click one for its files${pausedNote}`}>
          <ProcessTable processes={processes} bootWallMs={data.bootWallMs} nowT={data.nowT} from={query} />
        </Panel>
        <Panel
          title="Events"
          aside={
            <span className="flex items-center gap-3">
              <span>newest first{pausedNote}</span>
              <ExportLinks filter={filter} />
            </span>
          }
        >
          <EventTable
            events={events}
            bootWallMs={data.bootWallMs}
            from={query}
            empty={
              data.events.length === 0 && !filtered ? (
                <>
                  Waiting for opens… the tracer is{' '}
                  <span className="font-medium text-fg">{view.tracer?.state ?? 'not reported yet'}</span>
                  {view.tracer?.attach ? ` (${view.tracer.attach})` : ''}.
                </>
              ) : (
                <span data-testid="empty-state" className="flex flex-col items-center gap-2">
                  <span>
                    No event held here matches <code className="font-mono text-fg">{shownFilter || 'the filter'}</code>
                    ; new matching opens will appear as they happen.
                  </span>
                  <button
                    type="button"
                    data-testid="clear-filter"
                    onClick={() => setInput(EMPTY_FILTER_INPUT)}
                    className="rounded border border-line bg-panel-2 px-2 py-0.5 text-xs font-medium text-fg hover:bg-hover"
                  >
                    Clear the filter
                  </button>
                </span>
              )
            }
          />
        </Panel>
      </main>
      {help && <ShortcutsHelp shortcuts={SHORTCUTS} onClose={() => setHelp(false)} />}
    </div>
  );
}

'use client';
import { Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { filterToQuery, isEmptyFilter } from '../protocol/filter';
import { storeHoldsSeconds } from '../protocol/views';
import { EventTable } from './components/EventTable';
import { CostCard } from './components/CostCard';
import { ExportLinks } from './components/ExportLinks';
import { FilterBar } from './components/FilterBar';
import { Panel } from './components/Panel';
import { ProcessTable } from './components/ProcessTable';
import { RateChart } from './components/RateChart';
import { type Shortcut, ShortcutsHelp } from './components/ShortcutsHelp';
import { StatusBar } from './components/StatusBar';
import { TopProcesses } from './components/TopProcesses';
import { WindowSelect } from './components/WindowSelect';
import { EventsFooter } from './components/EventsFooter';
import { GroupToggle } from './components/GroupToggle';
import { SlowestOpens } from './components/SlowestOpens';
import { EMPTY_FILTER_INPUT } from './lib/filter-input';
import { formatCount, traceClock } from './lib/format';
import { GROUP_HINTS, GROUP_NAMES } from './lib/processes';
import { bucketSeconds, formatSpan } from './lib/rate-window';
import { useCost } from './lib/use-cost';
import { useDashboard } from './lib/use-dashboard';
import { useSlowest } from './lib/use-slowest';
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
  const { input, setInput, filter, errors, window: chartWindow, setWindow, group, setGroup, query } = useUrlFilter();
  const [paused, setPaused] = useState(false);
  const [help, setHelp] = useState(false);
  const seconds = chartWindow * 60;
  const view = useDashboard({ filter, seconds, group, paused });
  const { data } = view;
  // Read each time the processes are (see use-slowest.ts).
  const slowest = useSlowest(filter, data.processes, paused);
  const cost = useCost();
  const commRef = useRef<HTMLInputElement>(null);
  const filtered = !isEmptyFilter(filter);

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

  const pausedNote = paused ? ' · paused' : '';
  const bucket = bucketSeconds(seconds);
  const shownFilter = [...filterToQuery(filter)].map(([k, v]) => `${k}=${v}`).join(' ');
  const processes = data.processes?.processes ?? [];
  const store = view.store;
  // The processes are read over all the store holds: its oldest event on.
  const storedFrom = store?.oldestTs ?? data.processes?.window.from ?? null;
  const processesWindow =
    storedFrom === null ? 'nothing stored yet' : `since ${traceClock(storedFrom, data.bootWallMs)} (everything stored)`;
  const processesWindowTitle = store
    ? `Totals over every matching event the store holds; it keeps ${formatSpan(storeHoldsSeconds(store))}`
    : undefined;

  return (
    <div className="flex min-h-screen flex-col">
      <StatusBar
        connection={view.connection}
        tracer={view.tracer}
        counts={view.counts}
        omitted={view.omitted}
        protocolError={view.protocolError}
        store={store}
        bootWallMs={data.bootWallMs}
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
          onHelp={() => setHelp(true)}
          ownCount={view.counts?.own ?? null}
        />
        {view.viewError && (
          <p data-testid="view-error" role="alert" className="rounded-md border border-bad/40 bg-bad/10 px-3 py-1 text-xs text-bad">
            {view.viewError}
          </p>
        )}
        <div className="grid grid-cols-1 gap-3 xl:grid-cols-[3fr_2fr]">
          <Panel
            title="Opens per second"
            aside={
              <span className="flex flex-wrap items-center justify-end gap-x-3 gap-y-1">
                <span data-testid="chart-source" title="Counted by the store: every matching open, none left out">
                  {filtered ? 'matching the filter' : 'all processes'}
                </span>
                {data.rate && (
                  <span
                    data-testid="chart-total"
                    data-value={data.rate.opens}
                    data-failed={data.rate.failed}
                    title={`Opens in the chart's window, ${data.rate.failed} of them failed`}
                  >
                    {formatCount(data.rate.opens)} opens
                  </span>
                )}
                {bucket > 1 && <span title="Each point is the average of its seconds">{bucket} s averages</span>}
                {pausedNote && <span>paused</span>}
                <WindowSelect value={chartWindow} onChange={setWindow} historySeconds={store ? storeHoldsSeconds(store) : null} />
              </span>
            }
          >
            <RateChart points={data.rate?.points ?? []} seconds={seconds} bootWallMs={data.bootWallMs} />
          </Panel>
          <Panel title="Top processes by opens" aside={`by ${GROUP_NAMES[group]}${pausedNote}`}>
            <TopProcesses
              processes={processes}
              group={group}
              empty={data.processes === null ? 'Reading the store…' : filtered ? 'No process matches the filter' : 'No processes yet'}
            />
          </Panel>
        </div>
        <div className="grid grid-cols-1 items-start gap-3 2xl:grid-cols-[3fr_2fr]">
        <Panel
          title="Processes"
          aside={
            <span className="flex flex-wrap items-center justify-end gap-x-3 gap-y-1">
              <span data-testid="processes-window" title={processesWindowTitle}>
                {processesWindow}
              </span>
              <span>
                {data.processes === null ? 'reading…' : `${processes.length} shown`} · {GROUP_HINTS[group]}
                {pausedNote}
              </span>
              <GroupToggle value={group} onChange={setGroup} />
            </span>
          }
        >
          <ProcessTable
            processes={processes}
            group={group}
            total={data.processes?.total ?? processes.length}
            reading={data.processes === null}
            bootWallMs={data.bootWallMs}
            nowT={data.nowT}
            from={query}
          />
        </Panel>
        <div className="flex min-w-0 flex-col gap-3">
        <div data-testid="slowest-panel" className="flex min-w-0 flex-col">
        <Panel
          title="Slowest opens"
          aside={
            <span title={slowest.error ?? 'The longest opens the store holds for the filter, entry to exit'}>
              {slowest.error ? <span className="text-bad">not updated (hover for why)</span> : 'longest first, entry to exit'}
              {pausedNote}
            </span>
          }
        >
          <SlowestOpens
            events={slowest.events}
            bootWallMs={data.bootWallMs}
            from={query}
            empty={filtered ? 'No timed open matches the filter' : 'No timed opens stored yet'}
          />
        </Panel>
        </div>
        <CostCard cost={cost.cost} error={cost.error} />
        </div>
        </div>
        <Panel
          title="Events"
          aside={
            <span className="flex flex-wrap items-center justify-end gap-x-3 gap-y-1">
              {data.eventsTotal !== null && (
                <span data-testid="events-total" data-value={data.eventsTotal} title="Events matching the filter in the window the store holds (everything stored)">
                  {formatCount(data.eventsTotal)} matching events in the window; showing {formatCount(data.events.length)}
                </span>
              )}
              <span>newest first{pausedNote}</span>
              <ExportLinks filter={filter} />
            </span>
          }
        >
          <EventTable
            events={data.events}
            bootWallMs={data.bootWallMs}
            from={query}
            empty={
              !data.eventsReady ? (
                'Reading the store…'
              ) : !filtered ? (
                <>
                  Waiting for opens… the tracer is{' '}
                  <span className="font-medium text-fg">{view.tracer?.state ?? 'not reported yet'}</span>
                  {view.tracer?.attach ? ` (${view.tracer.attach})` : ''}.
                </>
              ) : (
                <span data-testid="empty-state" className="flex flex-col items-center gap-2">
                  <span>
                    No stored event matches <code className="font-mono text-fg">{shownFilter || 'the filter'}</code>
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
          <EventsFooter
            held={data.events.length}
            canLoadOlder={data.canLoadOlder}
            loading={view.loadingOlder}
            onLoadOlder={view.loadOlder}
          />
        </Panel>
      </main>
      {help && <ShortcutsHelp shortcuts={SHORTCUTS} onClose={() => setHelp(false)} />}
    </div>
  );
}

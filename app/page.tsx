'use client';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { isEmptyFilter, matchesFilter } from '../protocol/filter';
import { EventTable } from './components/EventTable';
import { FilterBar } from './components/FilterBar';
import { Panel } from './components/Panel';
import { ProcessTable } from './components/ProcessTable';
import { RateChart } from './components/RateChart';
import { StatusBar } from './components/StatusBar';
import { TopProcesses } from './components/TopProcesses';
import { EMPTY_FILTER_INPUT, type FilterInput, toEventFilter } from './lib/filter-input';
import { filterProcesses } from './lib/processes';
import { useDashboard } from './lib/use-dashboard';

/** Keys typed here must not trigger page shortcuts. */
function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT', 'BUTTON'].includes(target.tagName);
}

export default function Dashboard() {
  const [input, setInput] = useState<FilterInput>(EMPTY_FILTER_INPUT);
  const [paused, setPaused] = useState(false);
  const filter = useMemo(() => toEventFilter(input), [input]);
  const view = useDashboard(filter, paused);
  const { data } = view;
  const commRef = useRef<HTMLInputElement>(null);

  // The server filters what it sends from now on; what is already buffered
  // is filtered here with the same function, so the change shows at once.
  const events = useMemo(
    () => (isEmptyFilter(filter) ? data.events : data.events.filter((e) => matchesFilter(filter, e))),
    [data.events, filter],
  );
  const processes = useMemo(() => filterProcesses(data.processes, filter), [data.processes, filter]);

  const togglePause = useCallback(() => setPaused((p) => !p), []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(e.target)) return;
      if (e.key === '/') {
        e.preventDefault();
        commRef.current?.focus();
        commRef.current?.select();
      } else if (e.key === ' ') {
        e.preventDefault();
        togglePause();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [togglePause]);

  const hasProcessFilter = filter.comm !== undefined || filter.pid !== undefined;
  const pausedNote = paused ? ' · paused' : '';

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
          onChange={setInput}
          commRef={commRef}
          paused={paused}
          onTogglePause={togglePause}
          newWhilePaused={view.newWhilePaused}
          shown={events.length}
          buffered={data.events.length}
        />
        <div className="grid grid-cols-1 gap-3 xl:grid-cols-[3fr_2fr]">
          <Panel title="Opens per second" aside={`last 5 minutes · all processes${pausedNote}`}>
            <RateChart rate={data.rate} bootWallMs={data.bootWallMs} />
          </Panel>
          <Panel
            title="Top processes by opens"
            aside={`${hasProcessFilter ? 'matching the process filter' : 'since the tracer started'}${pausedNote}`}
          >
            <TopProcesses processes={processes} />
          </Panel>
        </div>
        <Panel title="Processes" aside={`${processes.length} shown${pausedNote}`}>
          <ProcessTable processes={processes} bootWallMs={data.bootWallMs} nowT={data.nowT} />
        </Panel>
        <Panel title="Events" aside={`newest first${pausedNote}`}>
          <EventTable
            events={events}
            bootWallMs={data.bootWallMs}
            tracer={view.tracer}
            bufferedAny={data.events.length > 0}
          />
        </Panel>
      </main>
    </div>
  );
}

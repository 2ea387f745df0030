'use client';
import { useSearchParams } from 'next/navigation';
import { Suspense, useMemo, useState } from 'react';
import { START_TEXT } from '../../protocol/filter';
import { EventTable } from '../components/EventTable';
import { ExportLinks } from '../components/ExportLinks';
import { FileTable } from '../components/FileTable';
import { LatencyHistogram } from '../components/LatencyHistogram';
import { Panel } from '../components/Panel';
import { ProcessHeader } from '../components/ProcessHeader';
import { ProcessSummary } from '../components/ProcessSummary';
import { RateChart } from '../components/RateChart';
import { WindowSelect } from '../components/WindowSelect';
import { formatCount } from '../lib/format';
import { overviewHref } from '../lib/links';
import { bucketSeconds, DEFAULT_WINDOW, downsample, lastSeconds, type WindowMinutes } from '../lib/rate-window';
import { useHealth } from '../lib/use-health';
import { PROCESS_EVENTS, useProcessDetail } from '../lib/use-process-detail';

/** ?pid=N: a positive process id, else null. */
function parsePid(text: string | null): number | null {
  if (text === null || !/^\d{1,10}$/.test(text)) return null;
  const n = Number(text);
  return n > 0 ? n : null;
}

/** ?start=S: which process of the PID (its start, seconds since boot);
 *  undefined (the PID's latest) when absent or not a number. */
function parseStart(text: string | null): number | undefined {
  return text !== null && START_TEXT.test(text) ? Number(text) : undefined;
}

// A static export has no dynamic segments: the process is in the query,
// read with useSearchParams, which Next renders under a Suspense boundary.
export default function ProcessPage() {
  return (
    <Suspense fallback={<p className="p-6 text-center text-xs text-muted">Loading…</p>}>
      <ProcessView />
    </Suspense>
  );
}

function ProcessView() {
  const params = useSearchParams();
  const pidText = params.get('pid');
  const pid = parsePid(pidText);
  /** The overview's query when we came from it: the way back keeps it. */
  const from = params.get('from') ?? '';
  const health = useHealth();
  const bootWallMs = health.bootWallMs;
  const view = useProcessDetail(pid, parseStart(params.get('start')));
  const [chartWindow, setChartWindow] = useState<WindowMinutes>(DEFAULT_WINDOW);
  const seconds = chartWindow * 60;
  const points = useMemo(() => downsample(lastSeconds(view.rate, seconds)), [view.rate, seconds]);
  const replay = health.tracer?.state === 'replay';
  const articleOnly = view.events.length > 0 && view.events.every((e) => e.origin === 'article');
  const bucket = bucketSeconds(seconds);
  const d = view.detail;

  return (
    <div className="flex min-h-screen flex-col">
      <ProcessHeader
        backHref={overviewHref(from)}
        sampledAt={view.sampledAt}
        error={pid === null ? null : view.error}
        tracer={health.tracer}
      />
      {pid === null ? (
        <p data-testid="process-missing" className="p-6 text-center text-xs text-muted">
          {pidText === null ? 'No process chosen: ' : `'${pidText}' is not a process id: `}
          this page shows the process in its address, as in <code className="font-mono">/process?pid=1234</code>.
          Pick one from the overview&apos;s tables.
        </p>
      ) : !d ? (
        <p data-testid="process-missing" className="p-6 text-center text-xs text-muted">
          {view.error
            ? `Nothing to show for PID ${pid} yet; it appears here once the tracer sees it open a file.`
            : `Reading PID ${pid}…`}
        </p>
      ) : (
        <main className="flex flex-col gap-3 p-3">
          <Panel title="Process">
            <ProcessSummary
              detail={d}
              proc={view.proc}
              replay={replay}
              articleOnly={articleOnly}
              bootWallMs={bootWallMs}
              from={from}
            />
          </Panel>
          <Panel
            title="Opens per second"
            aside={
              <span className="flex items-center gap-3">
                <span>this process</span>
                {bucket > 1 && <span title="Each point is the average of its seconds">{bucket} s averages</span>}
                <WindowSelect
                  value={chartWindow}
                  onChange={setChartWindow}
                  historySeconds={view.rate.length > 0 ? view.rate.length : null}
                />
              </span>
            }
          >
            <RateChart points={points} seconds={seconds} bootWallMs={bootWallMs} height={180} />
          </Panel>
          <Panel title="Open latency" aside="this process's opens, entry to exit, log2 buckets">
            <LatencyHistogram latency={d.latency} />
          </Panel>
          <Panel
            title="Files"
            aside={`${d.fileCount} distinct paths${d.files.length < d.fileCount ? `, the ${d.files.length} most opened listed` : ''} · click a column to sort`}
          >
            <FileTable files={d.files} fileCount={d.fileCount} bootWallMs={bootWallMs} />
          </Panel>
          <Panel
            title="Latest events"
            aside={
              <span className="flex items-center gap-3">
                <span data-testid="process-events-total" data-value={view.eventsTotal ?? undefined}>
                  {view.eventsTotal === null
                    ? `newest ${PROCESS_EVENTS}`
                    : `${formatCount(view.eventsTotal)} stored; the newest ${Math.min(PROCESS_EVENTS, view.eventsTotal)} shown`}
                  , newest first
                </span>
                <ExportLinks filter={{ pid, start: d.start }} />
              </span>
            }
          >
            <EventTable
              events={view.events}
              bootWallMs={bootWallMs}
              from={from}
              heightClass="h-[420px]"
              empty="The store holds none of this process's events any more (they are older than it keeps)."
            />
          </Panel>
        </main>
      )}
    </div>
  );
}

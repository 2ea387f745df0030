import Link from 'next/link';
import { errnoName } from '../../protocol/errno';
import { formatDuration } from '../../protocol/filter';
import { FILE_PROCESSES, type FileDetail, type FileOpener } from '../../protocol/views';
import { formatCount } from '../lib/format';
import { overviewHref, processHref } from '../lib/links';
import { toVisible } from '../lib/visible';
import { Field } from './Field';
import { LatencyHistogram } from './LatencyHistogram';
import { Panel } from './Panel';
import { TimeText } from './TimeText';
import { VisibleText } from './VisibleText';

/** Where the opener ran: its systemd unit, else its container (short id). */
function place(o: FileOpener): string {
  if (o.unit) return o.unit;
  if (o.container) return `container ${o.container.slice(0, 12)}`;
  return '';
}

function OpenerRow({ o, from, bootWallMs }: { o: FileOpener; from: string; bootWallMs: number | null }) {
  const href = processHref(o.pid, from, o.start);
  const where = place(o);
  return (
    <tr data-testid="file-opener" data-pid={o.pid} data-comm={o.comm} data-opens={o.opens} className="h-6 border-b border-line/60 hover:bg-hover">
      <td className="px-2 text-right tabular-nums">
        <Link href={href} prefetch={false} className="hover:text-accent hover:underline" title="Open the process">
          {o.pid}
        </Link>
      </td>
      <td className="px-2" title={`${toVisible(o.comm)} — open the process`}>
        <Link href={href} prefetch={false} className="cell-text hover:text-accent hover:underline">
          <VisibleText text={o.comm} />
        </Link>
      </td>
      <td className="px-2" title={o.exe ? toVisible(o.exe) : 'Executable not known'}>
        <span className="cell-text">{o.exe ? <VisibleText text={o.exe} /> : <span className="text-muted">—</span>}</span>
      </td>
      <td data-testid="file-opener-user" className="px-2" title={`uid ${o.uid}`}>
        <span className="cell-text">
          <VisibleText text={o.user || String(o.uid)} />
        </span>
      </td>
      <td className="px-2" title={o.container ? `container ${o.container}` : where ? toVisible(where) : 'No systemd unit or container known'}>
        <span className="cell-text">{where ? <VisibleText text={where} /> : <span className="text-muted">—</span>}</span>
      </td>
      <td className="px-2 text-right tabular-nums">{formatCount(o.opens)}</td>
      <td className={`px-2 text-right tabular-nums ${o.failed > 0 ? 'text-bad' : 'text-muted'}`}>{formatCount(o.failed)}</td>
      <td className="px-2 text-right tabular-nums">
        {o.p50Ns === null ? <span className="text-muted">—</span> : formatDuration(Math.round(o.p50Ns))}
      </td>
      <td className="px-2 text-right tabular-nums">
        <TimeText ts={o.lastTs} bootWallMs={bootWallMs} />
      </td>
    </tr>
  );
}

/** One file across all processes: totals, failures by errno, how long its
 *  opens took, and who opened it. */
export function FileDetailView({
  detail,
  from,
  bootWallMs,
}: {
  detail: FileDetail;
  /** The filter's query, carried by the process links for their way back. */
  from: string;
  bootWallMs: number | null;
}) {
  const failures = Object.entries(detail.failures)
    .map(([errno, count]) => ({ errno: Number(errno), count }))
    .sort((a, b) => b.count - a.count || a.errno - b.errno);
  const failedShare = detail.opens > 0 ? Math.round((detail.failed / detail.opens) * 100) : 0;
  return (
    <>
      <Panel title="File">
        <div className="flex flex-col gap-3 px-3 py-3">
          <h2 data-testid="file-path" className="font-mono text-sm font-semibold break-all" title={toVisible(detail.path)}>
            <VisibleText text={detail.path} />
          </h2>
          <dl className="grid grid-cols-2 gap-x-6 gap-y-2 text-xs sm:grid-cols-4 lg:grid-cols-6">
            <Field label="opens" title="Opens of this file matching the filter">
              <span data-testid="file-opens">{formatCount(detail.opens)}</span>
            </Field>
            <Field label="failed">
              <span data-testid="file-failed" data-value={detail.failed} className={detail.failed > 0 ? 'text-bad' : ''}>
                {formatCount(detail.failed)}
              </span>
              {detail.failed > 0 && <span className="text-muted"> ({failedShare}%)</span>}
            </Field>
            <Field label="processes" title={`Processes (a PID and its start) that opened it; the busiest ${FILE_PROCESSES} are listed below`}>
              <span data-testid="file-processes" data-value={detail.processCount}>{formatCount(detail.processCount)}</span>
            </Field>
            <Field label="p50" title="Half its opens took less than this">
              {detail.latency.p50Ns === null ? <span className="text-muted">—</span> : formatDuration(Math.round(detail.latency.p50Ns))}
            </Field>
            <Field label="p99" title="99 in 100 of its opens took less than this">
              {detail.latency.p99Ns === null ? <span className="text-muted">—</span> : formatDuration(Math.round(detail.latency.p99Ns))}
            </Field>
            <Field label="events">
              <Link
                data-testid="file-events-link"
                href={overviewHref(from, { path: detail.path })}
                className="font-sans hover:text-accent hover:underline"
                title="The overview's events, filtered to paths containing this one"
              >
                on the overview →
              </Link>
            </Field>
          </dl>
          <div className="text-xs">
            <span className="text-[11px] text-muted">failures by errno </span>
            {failures.length === 0 ? (
              <span data-testid="file-failures" className="text-muted">
                none
              </span>
            ) : (
              <ul data-testid="file-failures" className="inline-flex flex-wrap gap-1.5 align-middle">
                {failures.map((f) => (
                  <li
                    key={f.errno}
                    data-errno={f.errno}
                    data-count={f.count}
                    className="rounded bg-bad/10 px-1.5 font-mono text-bad"
                    title={`errno ${f.errno}: ${f.count} opens`}
                  >
                    {errnoName(f.errno)} ×{formatCount(f.count)}
                  </li>
                ))}
              </ul>
            )}
          </div>
        </div>
      </Panel>
      <Panel title="Open latency" aside="entry to exit of each open, log2 buckets">
        <LatencyHistogram latency={detail.latency} />
      </Panel>
      <Panel
        title="Processes that opened it"
        aside={`${detail.processes.length < detail.processCount ? `the busiest ${detail.processes.length} of ${formatCount(detail.processCount)}` : `${detail.processes.length}`} listed, busiest first · click one for the process`}
      >
        <div className="max-h-[480px] overflow-auto">
          <table data-testid="file-openers" className="w-full min-w-[1220px] table-fixed border-collapse text-xs">
            <colgroup>
              <col className="w-20" />
              <col className="w-40" />
              <col />
              <col className="w-24" />
              <col className="w-56" />
              <col className="w-20" />
              <col className="w-20" />
              <col className="w-20" />
              <col className="w-40" />
            </colgroup>
            <thead className="sticky top-0 z-10 bg-panel-2">
              <tr className="border-b border-line text-left font-medium text-muted">
                <th scope="col" className="px-2 py-1 text-right font-medium" title="Process id">PID</th>
                <th scope="col" className="px-2 py-1 font-medium" title="Process name (comm), latest seen">process</th>
                <th scope="col" className="px-2 py-1 font-medium" title="Its executable">executable</th>
                <th scope="col" className="px-2 py-1 font-medium" title="The user of its latest open of this file (real uid)">user</th>
                <th scope="col" className="px-2 py-1 font-medium" title="Its systemd unit, or its container">unit / container</th>
                <th scope="col" className="px-2 py-1 text-right font-medium" title="Its opens of this file">opens</th>
                <th scope="col" className="px-2 py-1 text-right font-medium" title="Of those, failed ones">failed</th>
                <th scope="col" className="px-2 py-1 text-right font-medium" title="Median time its opens of this file took">p50</th>
                <th scope="col" className="px-2 py-1 text-right font-medium" title="Its latest open of this file">last seen</th>
              </tr>
            </thead>
            <tbody className="font-mono">
              {detail.processes.map((o) => (
                <OpenerRow key={`${o.pid}@${o.start}`} o={o} from={from} bootWallMs={bootWallMs} />
              ))}
            </tbody>
          </table>
          {detail.processes.length === 0 && <p className="px-3 py-4 text-center text-xs text-muted">No process opened it</p>}
        </div>
      </Panel>
    </>
  );
}

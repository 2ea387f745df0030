import Link from 'next/link';
import type { TracerStatus } from '../../protocol/status';
import { formatClock } from '../lib/format';
import { PROCESS_POLL_MS } from '../lib/use-process-detail';
import { PageNav } from './PageNav';
import { PollState } from './PollState';
import { ReplayBanner } from './ReplayBanner';

/** The process page's header: the way back to the overview as it was, and
 *  whether what is shown is fresh. */
export function ProcessHeader({
  backHref,
  sampledAt,
  error,
  tracer,
}: {
  backHref: string;
  sampledAt: number | null;
  error: string | null;
  tracer: TracerStatus | null;
}) {
  return (
    <header className="border-b border-line bg-panel">
      <div className="flex flex-wrap items-center gap-x-5 gap-y-1 px-3 py-2">
        <h1 className="font-mono text-sm font-bold tracking-tight">ebpf-dash</h1>
        <PageNav />
        <Link
          data-testid="back-link"
          href={backHref}
          className="rounded border border-line bg-panel-2 px-2 py-0.5 text-xs font-medium hover:bg-hover"
          title="The overview with the filter and window it had"
        >
          ← Overview{backHref !== '/' ? ' (same filter)' : ''}
        </Link>
        <PollState failed={Boolean(error)} sampledAt={sampledAt}>
          read every {PROCESS_POLL_MS / 1000} s{sampledAt !== null && `, last ${formatClock(sampledAt)}`}
        </PollState>
      </div>
      <ReplayBanner tracer={tracer} />
      {error && (
        <p data-testid="process-error" className="border-t border-line px-3 py-1 text-xs break-words text-bad">
          {error}
          {sampledAt !== null && ' — showing what was read last.'}
        </p>
      )}
    </header>
  );
}

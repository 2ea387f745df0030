import type { TracerStatus } from '../../protocol/status';
import { formatClock } from '../lib/format';
import { POLL_MS } from '../lib/use-xdp-status';
import { PageNav } from './PageNav';
import { PollState } from './PollState';
import { ReplayBanner } from './ReplayBanner';

/** The Network page's header: the pages, and whether the status shown is
 *  live or the last one that could be read. */
export function NetworkHeader({
  pollError,
  sampledAt,
  tracer,
}: {
  pollError: string | null;
  sampledAt: number | null;
  tracer: TracerStatus | null;
}) {
  if (tracer?.state === 'replay') {
    return (
      <header className="border-b border-line bg-panel">
        <div className="flex flex-wrap items-center gap-x-5 gap-y-1 px-3 py-2">
          <h1 className="font-mono text-sm font-bold tracking-tight">ebpf-dash</h1>
          <PageNav current="/network" />
        </div>
        <ReplayBanner tracer={tracer} />
      </header>
    );
  }
  return (
    <header className="border-b border-line bg-panel">
      <div className="flex flex-wrap items-center gap-x-5 gap-y-1 px-3 py-2">
        <h1 className="font-mono text-sm font-bold tracking-tight">ebpf-dash</h1>
        <PageNav current="/network" />
        <PollState failed={Boolean(pollError)} sampledAt={sampledAt}>
          XDP filter status every {POLL_MS / 1000} s
            {sampledAt !== null && `, last read ${formatClock(sampledAt)}`}
        </PollState>
      </div>
      {pollError && (
        <p className="border-t border-line px-3 py-1 text-xs break-words text-bad">
          Cannot read the filter&apos;s status: {pollError}
          {sampledAt !== null && ' — showing the last status read.'}
        </p>
      )}
    </header>
  );
}

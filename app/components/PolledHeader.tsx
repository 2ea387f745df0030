import type { TracerStatus } from '../../protocol/status';
import { formatClock } from '../lib/format';
import { PageNav, type PagePath } from './PageNav';
import { PollState } from './PollState';
import { ReplayBanner } from './ReplayBanner';

/** The header of a page that polls the API (Files, Trace pipe): the
 *  pages, and whether what is shown is live, paused, or the last that
 *  could be read, with the reason. */
export function PolledHeader({
  current,
  pollMs,
  sampledAt,
  error,
  errorPrefix,
  errorTestId,
  paused,
  tracer,
}: {
  current: PagePath;
  pollMs: number;
  sampledAt: number | null;
  error: string | null;
  /** Put before the error, saying what could not be read. */
  errorPrefix: string;
  errorTestId: string;
  paused: boolean;
  tracer: TracerStatus | null;
}) {
  return (
    <header className="border-b border-line bg-panel">
      <div className="flex flex-wrap items-center gap-x-5 gap-y-1 px-3 py-2">
        <h1 className="font-mono text-sm font-bold tracking-tight">ebpf-dash</h1>
        <PageNav current={current} />
        <PollState failed={Boolean(error)} sampledAt={sampledAt}>
          {paused ? 'paused' : `read every ${pollMs / 1000} s`}
          {sampledAt !== null && `, last ${formatClock(sampledAt)}`}
        </PollState>
      </div>
      <ReplayBanner tracer={tracer} />
      {error && (
        <p data-testid={errorTestId} role="alert" className="border-t border-line px-3 py-1 text-xs break-words text-bad">
          {errorPrefix}
          {error}
          {sampledAt !== null && ' — showing what was read last.'}
        </p>
      )}
    </header>
  );
}

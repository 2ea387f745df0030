import type { ReactNode } from 'react';

/** The freshness of a polled page: live, loading, or stale (the last read
 *  failed), with what is polled and when it was last read. */
export function PollState({ failed, sampledAt, children }: { failed: boolean; sampledAt: number | null; children: ReactNode }) {
  const state = failed ? 'stale' : sampledAt === null ? 'loading' : 'live';
  return (
    <div className="flex min-w-0 items-center gap-1.5 text-xs" role="status" aria-live="polite">
      <span className={`font-medium ${state === 'live' ? 'text-good' : state === 'stale' ? 'text-bad' : 'text-warn'}`}>
        <span aria-hidden="true">● </span>
        {state}
      </span>
      <span className="text-muted">{children}</span>
    </div>
  );
}

import type { TracerStatus } from '../../protocol/status';

/** Nothing on a replayed page is happening now: say so on every page. */
export function ReplayBanner({ tracer }: { tracer: TracerStatus | null }) {
  if (tracer?.state !== 'replay') return null;
  const what = tracer.message ? `${tracer.message[0]!.toUpperCase()}${tracer.message.slice(1)}.` : 'Replaying a recording.';
  return (
    <p
      data-testid="replay-banner"
      role="status"
      className="border-t border-info/40 bg-info/15 px-3 py-1.5 text-xs text-info"
      title="The backend runs from a recorded file (--replay), not from this machine's kernel"
    >
      <span className="font-semibold">Replay — not live.</span> {what} Times of
      day are placed on this machine&apos;s boot, not the recording&apos;s; seconds since boot are the recording&apos;s
      own.
    </p>
  );
}

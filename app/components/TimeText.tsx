import { bootToWallMs, formatClock } from '../lib/format';

/** A trace time as both readings: the wall clock a person goes by, and
 *  the seconds since boot that dmesg, perf and trace_pipe itself use. */
export function TimeText({ ts, bootWallMs, ms = false }: { ts: number; bootWallMs: number | null; ms?: boolean }) {
  const boot = ts.toFixed(ms ? 3 : 1);
  return (
    <span className="whitespace-nowrap" title={`${ts.toFixed(6)} s since boot`}>
      {bootWallMs !== null && <>{formatClock(bootToWallMs(bootWallMs, ts), ms)} </>}
      <span className="text-muted">{boot}</span>
    </span>
  );
}

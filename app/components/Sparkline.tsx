import { RATE_WINDOW_MS, type RatePoint } from '../lib/counter-rates';

const W = 120;
const H = 20;

/** A rate over the last minute, ending at `end` (the last poll). Inline
 *  SVG: one per table row, redrawn every second, needs no chart library. */
export function Sparkline({
  points,
  end,
  label,
  color = 'var(--chart-failed)',
}: {
  points: readonly RatePoint[];
  end: number | null;
  label: string;
  color?: string;
}) {
  const max = Math.max(0, ...points.map((p) => p.perSec));
  const start = (end ?? 0) - RATE_WINDOW_MS;
  const xy = points.map((p) => {
    const x = ((p.t - start) / RATE_WINDOW_MS) * W;
    // An idle counter is a flat line along the bottom, not a missing one.
    const y = H - 1 - (max > 0 ? (p.perSec / max) * (H - 2) : 0);
    return `${x.toFixed(1)},${y.toFixed(1)}`;
  });
  return (
    <svg
      width={W}
      height={H}
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label={label}
      className="block overflow-visible"
    >
      <title>{label}</title>
      <line x1={0} x2={W} y1={H - 0.5} y2={H - 0.5} stroke="var(--chart-grid)" />
      {xy.length > 1 && (
        <polyline points={xy.join(' ')} fill="none" stroke={color} strokeWidth={1.25} strokeLinejoin="round" />
      )}
    </svg>
  );
}

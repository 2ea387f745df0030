import { memo, useMemo } from 'react';
import { Area, AreaChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { bootToWallMs, formatClock } from '../lib/format';
import { type ChartPoint, formatSpan } from '../lib/rate-window';
import { timeTicks } from '../lib/time-ticks';
import { plainTick } from './PlainTick';

const TICK = plainTick({ fill: 'var(--chart-axis)', fontSize: 11 });

/** Opens and failed opens per second over a window, one point per second
 *  or per bucket of seconds. Memoized: it redraws only when new points
 *  arrive, not on every keystroke. */
export const RateChart = memo(function RateChart({
  points,
  seconds,
  bootWallMs,
  height = 220,
}: {
  points: readonly ChartPoint[];
  /** The window's length, for the tests and the tooltip. */
  seconds: number;
  bootWallMs: number | null;
  height?: number;
}) {
  const data = useMemo(
    () =>
      bootWallMs === null
        ? []
        : points.map((p) => ({ wall: bootToWallMs(bootWallMs, p.t), t: p.t, opens: p.opens, failed: p.failed, seconds: p.seconds })),
    [points, bootWallMs],
  );
  const ticks = useMemo(() => (data.length ? timeTicks(data[0]!.wall, data[data.length - 1]!.wall) : []), [data]);
  const bucket = points[0]?.seconds ?? 1;
  const round = (v: number) => (Number.isInteger(v) ? v : Number(v.toFixed(2)));
  return (
    <div data-testid="rate-chart" data-seconds={seconds} data-points={points.length} className="px-1 pt-2">
      {/* An image to screen readers, named by what it shows, and no tab stop:
          recharts' keyboard layer would add an unnamed one. */}
      <AreaChart
        responsive
        style={{ width: '100%', height }}
        data={data}
        // Room on the right for half of the last time label, centred on its tick.
        margin={{ top: 4, right: 28, bottom: 0, left: 0 }}
        accessibilityLayer={false}
        role="img"
        title={`Opens and failed opens per second over the last ${formatSpan(seconds)}`}
      >
        <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
        <XAxis
          dataKey="wall"
          type="number"
          scale="time"
          domain={['dataMin', 'dataMax']}
          // Seconds matter within minutes; across an hour they are noise.
          tickFormatter={(v: number) => (seconds > 900 ? formatClock(v).slice(0, 5) : formatClock(v))}
          // Our ticks, all drawn (interval 0): recharts' own spacing measures labels.
          ticks={ticks}
          interval={0}
          tick={TICK}
          stroke="var(--chart-grid)"
        />
        <YAxis tick={TICK} interval={0} stroke="var(--chart-grid)" width={48} allowDecimals={bucket > 1} />
        <Tooltip
          isAnimationActive={false}
          labelFormatter={(v, payload) => {
            const p = payload[0]?.payload as (typeof data)[number] | undefined;
            if (typeof v !== 'number' || !p) return String(v);
            const span = p.seconds > 1 ? ` (average of ${p.seconds} s)` : '';
            return `${formatClock(v)} · ${p.t} s since boot${span}`;
          }}
          formatter={(v) => (typeof v === 'number' ? round(v) : v)}
          contentStyle={{ background: 'var(--panel)', border: '1px solid var(--line)', fontSize: 12 }}
          labelStyle={{ color: 'var(--fg)' }}
        />
        <Legend iconType="plainline" itemSorter={null} wrapperStyle={{ fontSize: 12 }} />
        {/* Unfilled areas, not lines: recharts' Line measures its path
            (getTotalLength) on every draw, which forces a layout of the
            whole page (in a profile at 50k opens/s, the biggest function
            of all by its own time). */}
        <Area
          name="opens/s"
          dataKey="opens"
          stroke="var(--chart-opens)"
          strokeWidth={1.5}
          fill="none"
          isAnimationActive={false}
        />
        <Area
          name="failed/s"
          dataKey="failed"
          stroke="var(--chart-failed)"
          strokeWidth={1.5}
          fill="none"
          isAnimationActive={false}
        />
      </AreaChart>
    </div>
  );
});

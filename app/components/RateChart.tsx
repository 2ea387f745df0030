import { memo, useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { RatePoint } from '../../protocol/event';
import { bootToWallMs, formatClock } from '../lib/format';

const AXIS = { stroke: 'var(--chart-axis)', fontSize: 11 } as const;

/** Opens and failed opens per second over the last five minutes. Memoized:
 *  it redraws only when a new window arrives, not on every keystroke. */
export const RateChart = memo(function RateChart({
  rate,
  bootWallMs,
}: {
  rate: readonly RatePoint[];
  bootWallMs: number | null;
}) {
  const data = useMemo(
    () =>
      bootWallMs === null
        ? []
        : rate.map((p) => ({ wall: bootToWallMs(bootWallMs, p.t), opens: p.opens, failed: p.failed })),
    [rate, bootWallMs],
  );
  return (
    <div data-testid="rate-chart" className="px-1 pt-2">
      <LineChart responsive style={{ width: '100%', height: 220 }} data={data} margin={{ top: 4, right: 16, bottom: 0, left: 0 }}>
        <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
        <XAxis
          dataKey="wall"
          type="number"
          scale="time"
          domain={['dataMin', 'dataMax']}
          tickFormatter={(v: number) => formatClock(v)}
          tick={AXIS}
          stroke="var(--chart-grid)"
          minTickGap={40}
        />
        <YAxis tick={AXIS} stroke="var(--chart-grid)" width={48} allowDecimals={false} />
        <Tooltip
          isAnimationActive={false}
          labelFormatter={(v) => (typeof v === 'number' ? formatClock(v) : String(v))}
          contentStyle={{ background: 'var(--panel)', border: '1px solid var(--line)', fontSize: 12 }}
          labelStyle={{ color: 'var(--fg)' }}
        />
        <Legend iconType="plainline" itemSorter={null} wrapperStyle={{ fontSize: 12 }} />
        <Line
          name="opens/s"
          dataKey="opens"
          stroke="var(--chart-opens)"
          strokeWidth={1.5}
          dot={false}
          isAnimationActive={false}
        />
        <Line
          name="failed/s"
          dataKey="failed"
          stroke="var(--chart-failed)"
          strokeWidth={1.5}
          dot={false}
          isAnimationActive={false}
        />
      </LineChart>
    </div>
  );
});

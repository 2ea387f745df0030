import { memo, useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, LabelList, Tooltip, XAxis, YAxis } from 'recharts';
import type { ProcessStats } from '../../protocol/event';
import { toVisible } from '../lib/visible';

const TOP = 10;
const AXIS = { stroke: 'var(--chart-axis)', fontSize: 11 } as const;
const LABEL_TICK = { fill: 'var(--fg)', fontSize: 11, fontFamily: 'var(--font-mono)' } as const;

/** Horizontal bars of the busiest names or PIDs: the processes panel's rows. */
export const TopProcesses = memo(function TopProcesses({
  processes,
  empty,
}: {
  processes: readonly ProcessStats[];
  /** Said when there is no bar to draw. */
  empty: string;
}) {
  const data = useMemo(
    () =>
      [...processes]
        .sort((a, b) => b.opens - a.opens || (a.pid ?? -1) - (b.pid ?? -1))
        .slice(0, TOP)
        // SVG text cannot be styled per character: stand-ins only.
        .map((p) => ({
          label: `${toVisible(p.comm)} (${p.pid ?? `${p.pids} PIDs`})`,
          opens: p.opens,
          succeeded: p.opens - p.failed,
          failed: p.failed,
        })),
    [processes],
  );
  return (
    <div data-testid="top-chart" className="px-1 pt-2">
      {data.length === 0 ? (
        <p className="flex h-[220px] items-center justify-center text-xs text-muted">{empty}</p>
      ) : (
        <BarChart
          responsive
          style={{ width: '100%', height: 220 }}
          data={data}
          layout="vertical"
          margin={{ top: 0, right: 48, bottom: 0, left: 4 }}
          barCategoryGap={2}
          maxBarSize={18}
        >
          <CartesianGrid stroke="var(--chart-grid)" horizontal={false} />
          <XAxis type="number" tick={AXIS} stroke="var(--chart-grid)" allowDecimals={false} />
          <YAxis type="category" dataKey="label" width={170} tick={LABEL_TICK} stroke="var(--chart-grid)" interval={0} />
          <Tooltip
            isAnimationActive={false}
            cursor={{ fill: 'var(--hover)' }}
            contentStyle={{ background: 'var(--panel)', border: '1px solid var(--line)', fontSize: 12 }}
            labelStyle={{ color: 'var(--fg)' }}
          />
          {/* Stacked so the whole bar is all opens and its red end the failed ones. */}
          <Bar dataKey="succeeded" name="succeeded" stackId="opens" fill="var(--chart-opens)" isAnimationActive={false} />
          <Bar dataKey="failed" name="failed" stackId="opens" fill="var(--chart-failed)" isAnimationActive={false}>
            <LabelList dataKey="opens" position="right" fill="var(--muted)" fontSize={11} />
          </Bar>
        </BarChart>
      )}
    </div>
  );
});

import { memo, useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, LabelList, Tooltip, XAxis, YAxis } from 'recharts';
import type { ProcessGroup, ProcessStats } from '../../protocol/event';
import { chartLabel } from '../lib/processes';
import { toVisible } from '../lib/visible';
import { plainTick } from './PlainTick';

const TOP = 10;
const AXIS_TICK = plainTick({ fill: 'var(--chart-axis)', fontSize: 11 });
const LABEL_TICK = plainTick({ fill: 'var(--fg)', fontSize: 11, fontFamily: 'var(--font-mono)' });

/** Horizontal bars of the busiest names or PIDs: the processes panel's rows. */
export const TopProcesses = memo(function TopProcesses({
  processes,
  group = 'comm',
  empty,
}: {
  processes: readonly ProcessStats[];
  /** How they are grouped: by executable, unit or container a bar is labelled by it. */
  group?: ProcessGroup;
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
          label: toVisible(chartLabel(p, group)),
          opens: p.opens,
          succeeded: p.opens - p.failed,
          failed: p.failed,
        })),
    [processes, group],
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
          // An image to screen readers, its bars in words, and no tab stop
          // (recharts' keyboard layer would add an unnamed one).
          accessibilityLayer={false}
          role="img"
          title={`Top processes by opens: ${data.map((d) => `${d.label} ${d.opens}${d.failed ? ` (${d.failed} failed)` : ''}`).join(', ')}`}
        >
          <CartesianGrid stroke="var(--chart-grid)" horizontal={false} />
          <XAxis type="number" tick={AXIS_TICK} interval={0} stroke="var(--chart-grid)" allowDecimals={false} />
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

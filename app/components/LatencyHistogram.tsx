import { memo, useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import type { Latency } from '../../protocol/event';
import { formatDuration } from '../../protocol/filter';
import { formatCount } from '../lib/format';
import { type HistogramBar, histogramBars } from '../lib/latency';

const AXIS = { stroke: 'var(--chart-axis)', fontSize: 11 } as const;

function Stat({ label, value, testId, title }: { label: string; value: number | null; testId: string; title: string }) {
  return (
    <div className="flex items-baseline gap-1" title={title}>
      <span className="text-[11px] text-muted">{label}</span>
      <span data-testid={testId} data-value={value ?? undefined} className="font-mono tabular-nums">
        {value === null ? <span className="text-muted">—</span> : formatDuration(Math.round(value))}
      </span>
    </div>
  );
}

/** How long opens took, entry to exit: p50, p99 and max, and a log2
 *  histogram (each bar counts the opens of one power-of-two span). Opens
 *  without a duration (old recordings, the article's lines) are left out. */
export const LatencyHistogram = memo(function LatencyHistogram({
  latency,
  height = 150,
}: {
  latency: Latency;
  height?: number;
}) {
  const bars = useMemo(() => histogramBars(latency.histogram), [latency.histogram]);
  return (
    <div data-testid="latency-histogram" data-count={latency.count} data-buckets={bars.length} className="flex flex-col gap-1 px-3 py-2">
      <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1 text-xs">
        <Stat label="p50" value={latency.p50Ns} testId="latency-p50" title="Half the opens took less than this" />
        <Stat label="p99" value={latency.p99Ns} testId="latency-p99" title="99 in 100 opens took less than this" />
        <Stat label="max" value={latency.maxNs} testId="latency-max" title="The longest open" />
        <span className="text-muted" title="Opens with a measured duration (entry to exit of the syscall)">
          <span data-testid="latency-count" className="font-mono tabular-nums">
            {formatCount(latency.count)}
          </span>{' '}
          timed opens
        </span>
      </div>
      {bars.length === 0 ? (
        <p data-testid="latency-empty" className="py-4 text-center text-xs text-muted">
          No timed opens: durations are measured from syscall entry to exit, and old recordings and the article&apos;s
          lines carry none.
        </p>
      ) : (
        <BarChart
          responsive
          style={{ width: '100%', height }}
          data={bars}
          margin={{ top: 4, right: 8, bottom: 0, left: 0 }}
          barCategoryGap={1}
          // An image to screen readers, its bars in words, and no tab stop
          // (recharts' keyboard layer would add an unnamed one).
          accessibilityLayer={false}
          role="img"
          title={`Open latency histogram: ${bars.map((b) => `${b.label}: ${b.count}`).join(', ')}`}
        >
          <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
          <XAxis dataKey="label" tick={AXIS} stroke="var(--chart-grid)" interval="preserveStartEnd" minTickGap={8} />
          <YAxis tick={AXIS} stroke="var(--chart-grid)" width={48} allowDecimals={false} />
          <Tooltip
            isAnimationActive={false}
            cursor={{ fill: 'var(--hover)' }}
            labelFormatter={(label, payload) => {
              const bar = payload[0]?.payload as HistogramBar | undefined;
              return bar ? `${bar.label} · ${bar.range}` : String(label);
            }}
            formatter={(v) => [typeof v === 'number' ? formatCount(v) : String(v), 'opens']}
            contentStyle={{ background: 'var(--panel)', border: '1px solid var(--line)', fontSize: 12 }}
            labelStyle={{ color: 'var(--fg)' }}
          />
          <Bar dataKey="count" name="opens" fill="var(--chart-opens)" isAnimationActive={false} />
        </BarChart>
      )}
    </div>
  );
});

import { formatSpan, WINDOW_MINUTES, type WindowMinutes } from '../lib/rate-window';

/** The chart's time window, with how long the server keeps events:
 *  windows longer than that are offered but say they are not full. */
export function WindowSelect({
  value,
  onChange,
  historySeconds,
}: {
  value: WindowMinutes;
  onChange: (next: WindowMinutes) => void;
  historySeconds: number | null;
}) {
  return (
    <span className="flex items-center gap-1.5">
      <label className="flex items-center gap-1">
        <span className="sr-only">Chart window</span>
        <select
          data-testid="window-select"
          value={value}
          onChange={(e) => onChange(Number(e.target.value) as WindowMinutes)}
          title="How far back the chart goes"
          className="h-6 rounded border border-line bg-panel-2 px-1 text-xs text-fg outline-none focus:border-accent"
        >
          {WINDOW_MINUTES.map((m) => (
            <option key={m} value={m}>
              last {m} min{historySeconds !== null && m * 60 > historySeconds ? ' (partly kept)' : ''}
            </option>
          ))}
        </select>
      </label>
      {historySeconds !== null && (
        <span
          data-testid="history-bound"
          className="text-muted"
          title="How long the server keeps events: its retention, or less where its size bound comes first at the rate it has filled so far; older opens are gone"
        >
          keeps {formatSpan(historySeconds)}
        </span>
      )}
    </span>
  );
}

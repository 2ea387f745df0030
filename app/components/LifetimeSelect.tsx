import { type Lifetime, lifetimeSeconds, lifetimeValue } from '../lib/lifetimes';

/** How long the rules a form adds live; the server removes them then. */
export function LifetimeSelect({
  testId,
  label,
  options,
  value,
  onChange,
}: {
  testId: string;
  label: string;
  options: readonly Lifetime[];
  value: number | null;
  onChange: (seconds: number | null) => void;
}) {
  return (
    <label className="flex items-center gap-1.5 text-xs text-muted">
      {label}
      <select
        data-testid={testId}
        className="h-7 rounded border border-line bg-panel-2 px-1.5 text-xs text-fg outline-none focus:border-accent"
        value={lifetimeValue(value)}
        title="The rule removes itself after this long (across a restart too)"
        onChange={(e) => onChange(lifetimeSeconds(e.target.value))}
      >
        {options.map((o) => (
          <option key={o.label} value={lifetimeValue(o.seconds)}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

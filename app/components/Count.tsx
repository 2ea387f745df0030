/** One labelled counter of the status bar. */
export function Count({
  label,
  value,
  testId,
  title,
  className = '',
}: {
  label: string;
  value: number;
  testId: string;
  title: string;
  className?: string;
}) {
  return (
    <div className={`flex items-baseline gap-1 ${className}`} title={title}>
      <span className="text-[11px] text-muted">{label}</span>
      {/* Plain digits: tests and scripts read these. */}
      <span data-testid={testId} className="font-mono tabular-nums">
        {value}
      </span>
    </div>
  );
}

import type { ProcessGroup } from '../../protocol/event';

const CHOICES: ReadonlyArray<{ value: ProcessGroup; label: string; title: string }> = [
  { value: 'comm', label: 'by name', title: 'One row per process name, all its PIDs together' },
  { value: 'pid', label: 'by PID', title: 'One row per process id' },
];

/** How the processes panel groups the opens. */
export function GroupToggle({ value, onChange }: { value: ProcessGroup; onChange: (next: ProcessGroup) => void }) {
  return (
    <span data-testid="process-group" role="group" aria-label="Group processes" className="flex overflow-hidden rounded border border-line">
      {CHOICES.map((c) => (
        <button
          key={c.value}
          type="button"
          data-testid={`group-${c.value}`}
          aria-pressed={value === c.value}
          title={c.title}
          onClick={() => onChange(c.value)}
          className={`h-6 px-2 text-xs font-medium ${value === c.value ? 'bg-accent/15 text-fg' : 'bg-panel-2 text-muted hover:bg-hover hover:text-fg'}`}
        >
          {c.label}
        </button>
      ))}
    </span>
  );
}

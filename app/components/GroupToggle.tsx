import { PROCESS_GROUPS, type ProcessGroup } from '../../protocol/event';
import { GROUP_NAMES } from '../lib/processes';

const TITLES: Readonly<Record<ProcessGroup, string>> = {
  comm: 'One row per process name, all its PIDs together',
  pid: 'One row per process id',
  exe: 'One row per executable (the file each process runs)',
  unit: 'One row per systemd unit (ssh.service, session-3.scope…)',
  container: 'One row per container',
};

/** How the processes panel groups the opens. */
export function GroupToggle({ value, onChange }: { value: ProcessGroup; onChange: (next: ProcessGroup) => void }) {
  return (
    <span className="flex items-center gap-1.5">
      <span aria-hidden="true">by</span>
      <span data-testid="process-group" role="group" aria-label="Group processes by" className="flex flex-wrap overflow-hidden rounded border border-line">
        {PROCESS_GROUPS.map((g) => (
          <button
            key={g}
            type="button"
            data-testid={`group-${g}`}
            aria-pressed={value === g}
            aria-label={`Group processes by ${GROUP_NAMES[g]}`}
            title={TITLES[g]}
            onClick={() => onChange(g)}
            className={`h-6 border-l border-line px-2 text-xs font-medium first:border-l-0 ${value === g ? 'bg-accent/15 text-fg' : 'bg-panel-2 text-muted hover:bg-hover hover:text-fg'}`}
          >
            {GROUP_NAMES[g]}
          </button>
        ))}
      </span>
    </span>
  );
}

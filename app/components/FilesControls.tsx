import type { FileGroup } from '../../protocol/views';
import type { FilesWindow } from '../lib/files-view';
import { WINDOW_MINUTES } from '../lib/rate-window';

const GROUPS: ReadonlyArray<{ value: FileGroup; label: string; title: string }> = [
  { value: 'file', label: 'by file', title: 'One row per file' },
  { value: 'dir', label: 'by directory', title: 'One row per directory: the opens of the files directly in it' },
];

/** Files or directories. */
export function FileGroupToggle({ value, onChange }: { value: FileGroup; onChange: (next: FileGroup) => void }) {
  return (
    <span data-testid="files-group" role="group" aria-label="Group opens" className="flex overflow-hidden rounded border border-line">
      {GROUPS.map((c) => (
        <button
          key={c.value}
          type="button"
          data-testid={`files-group-${c.value}`}
          aria-pressed={value === c.value}
          aria-label={`Group opens ${c.label}`}
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

/** Everything stored, or the last minutes of it (up to the newest open stored). */
export function FilesWindowSelect({ value, onChange }: { value: FilesWindow; onChange: (next: FilesWindow) => void }) {
  return (
    <label className="flex items-center gap-1">
      <span className="sr-only">Time window</span>
      <select
        data-testid="files-window"
        value={String(value)}
        onChange={(e) => onChange(e.target.value === 'all' ? 'all' : (Number(e.target.value) as FilesWindow))}
        title="Which opens count: everything the store holds, or the last minutes up to the newest one stored"
        className="h-6 rounded border border-line bg-panel-2 px-1 text-xs text-fg outline-none focus:border-accent"
      >
        <option value="all">everything stored</option>
        {WINDOW_MINUTES.map((m) => (
          <option key={m} value={m}>
            last {m} min
          </option>
        ))}
      </select>
    </label>
  );
}

import type { Ref } from 'react';
import { SYSCALLS } from '../../protocol/event';
import { COMMON_ERRNOS, type FilterInput, type FilterKey, OWN_ON } from '../lib/filter-input';
import { TOUCH_ONLY, useMediaQuery } from '../lib/use-media';

const INPUT =
  'h-7 rounded border border-line bg-panel-2 px-2 font-mono text-xs outline-none placeholder:text-muted/70 focus:border-accent';
const INVALID = 'border-bad text-bad';
const GLOB_HINT = 'a substring, or a glob when it has * ? or [ ] (e.g. /etc/*.conf)';

function TextField({
  field,
  label,
  input,
  errors,
  onChange,
  className,
  placeholder,
  title,
  inputRef,
  numeric = false,
  maxLength,
}: {
  field: FilterKey;
  label: string;
  input: FilterInput;
  errors: Partial<Record<FilterKey, string>>;
  onChange: (next: FilterInput) => void;
  className: string;
  placeholder: string;
  title: string;
  inputRef?: Ref<HTMLInputElement>;
  numeric?: boolean;
  maxLength?: number;
}) {
  const error = errors[field];
  return (
    <label className={`flex items-center gap-1.5 text-xs text-muted ${field === 'path' || field === 'exe' ? 'min-w-56 flex-1' : ''}`}>
      {label}
      <input
        ref={inputRef}
        data-testid={`filter-${field}`}
        className={`${INPUT} ${className} ${error ? INVALID : ''}`}
        value={input[field]}
        maxLength={maxLength}
        inputMode={numeric ? 'numeric' : undefined}
        placeholder={placeholder}
        title={error ? `${error}: ignored until corrected` : title}
        aria-invalid={error !== undefined}
        spellCheck={false}
        autoComplete="off"
        onChange={(e) => onChange({ ...input, [field]: e.target.value })}
      />
    </label>
  );
}

/** A picker whose URL value may be one it does not list: that value is
 *  shown as chosen (and, when invalid, marked), never silently replaced. */
function SelectField({
  field,
  label,
  choices,
  input,
  errors,
  onChange,
  title,
}: {
  field: 'result' | 'syscall';
  label: string;
  choices: ReadonlyArray<{ value: string; label: string }>;
  input: FilterInput;
  errors: Partial<Record<FilterKey, string>>;
  onChange: (next: FilterInput) => void;
  title: string;
}) {
  const value = input[field];
  const error = errors[field];
  const listed = choices.some((c) => c.value === value);
  return (
    <label className="flex items-center gap-1.5 text-xs text-muted">
      {label}
      <select
        data-testid={`filter-${field}`}
        className={`${INPUT} px-1 ${error ? INVALID : value ? 'text-fg' : ''}`}
        value={value}
        aria-invalid={error !== undefined}
        title={error ? `${error}: ignored until corrected` : title}
        onChange={(e) => onChange({ ...input, [field]: e.target.value })}
      >
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
        {!listed && <option value={value}>{error ? `${value} (invalid)` : value}</option>}
      </select>
    </label>
  );
}

const RESULT_CHOICES = [
  { value: '', label: 'any' },
  { value: 'ok', label: 'ok' },
  { value: 'failed', label: 'failed' },
  ...COMMON_ERRNOS.map((e) => ({ value: e, label: e })),
];
const SYSCALL_CHOICES = [{ value: '', label: 'any' }, ...SYSCALLS.map((s) => ({ value: s, label: s }))];

/** The backend's own opens (reading /proc, its store…) are hidden unless
 *  asked for: this asks, and says how many there are. */
function OwnToggle({
  input,
  errors,
  onChange,
  ownCount,
}: {
  input: FilterInput;
  errors: Partial<Record<FilterKey, string>>;
  onChange: (next: FilterInput) => void;
  ownCount: number | null;
}) {
  const on = input.own === OWN_ON;
  const error = errors.own;
  return (
    <label
      data-testid="own-toggle"
      className={`flex items-center gap-1.5 text-xs select-none ${error ? 'text-bad' : ''}`}
      title={
        error
          ? `${error}: ignored until corrected`
          : "The opens of this dashboard's own backend (its store, /proc reads…), left out of the table, charts and counts unless shown. The number counts all of them since the backend started"
      }
    >
      <input
        type="checkbox"
        data-testid="filter-own"
        className="accent-[var(--accent)]"
        checked={on}
        aria-invalid={error !== undefined}
        onChange={(e) => onChange({ ...input, own: e.target.checked ? OWN_ON : '' })}
      />
      Show the dashboard&apos;s own opens
      <span className="text-muted tabular-nums">
        {/* Plain digits: tests and scripts read these. */}
        (<span data-testid="own-count">{ownCount ?? '…'}</span>
        {on ? ' shown' : ' hidden'})
      </span>
    </label>
  );
}

export function FilterBar({
  input,
  errors,
  onChange,
  commRef,
  paused,
  onTogglePause,
  newWhilePaused,
  onHelp,
  ownCount,
}: {
  input: FilterInput;
  /** Why each invalid field is ignored. */
  errors: Partial<Record<FilterKey, string>>;
  onChange: (next: FilterInput) => void;
  commRef: Ref<HTMLInputElement>;
  paused: boolean;
  onTogglePause: () => void;
  newWhilePaused: number;
  onHelp: () => void;
  /** The backend's own opens counted so far (hidden unless asked for);
   *  null before the first counts. */
  ownCount: number | null;
}) {
  const messages = Object.values(errors);
  const field = { input, errors, onChange };
  const touch = useMediaQuery(TOUCH_ONLY);
  return (
    <form
      className="flex flex-col gap-2 rounded-md border border-line bg-panel px-3 py-2"
      role="search"
      onSubmit={(e) => e.preventDefault()}
    >
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <TextField
          {...field}
          field="comm"
          label="process"
          inputRef={commRef}
          className="w-40"
          maxLength={256}
          placeholder={touch ? 'name…' : 'name… (press /)'}
          title={`Process name (comm): ${GLOB_HINT}${touch ? '' : '. Press / to get here'}`}
        />
        <TextField {...field} field="pid" label="PID" className="w-20" numeric placeholder="any" title="Exact process id" />
        <TextField {...field} field="tid" label="TID" className="w-20" numeric placeholder="any" title="Exact thread id" />
        <TextField {...field} field="uid" label="UID" className="w-16" numeric placeholder="any" title="Exact user id" />
        <TextField
          {...field}
          field="path"
          label="path"
          className="w-full min-w-40"
          maxLength={4096}
          placeholder="contains… or a glob"
          title={`Path: ${GLOB_HINT}`}
        />
        <SelectField {...field} field="result" label="result" choices={RESULT_CHOICES} title="Succeeded, failed, or failed with one errno" />
        <SelectField {...field} field="syscall" label="syscall" choices={SYSCALL_CHOICES} title="Which open syscall" />
        <label className="flex items-center gap-1.5 text-xs select-none" title="Shortcut for result: failed">
          <input
            type="checkbox"
            data-testid="filter-failed"
            className="accent-[var(--bad)]"
            checked={input.result === 'failed'}
            onChange={(e) => onChange({ ...input, result: e.target.checked ? 'failed' : '' })}
          />
          failed only
        </label>

        <div className="ml-auto flex items-center gap-3">
          {paused && (
            <span data-testid="paused-count" className="text-xs font-medium text-warn tabular-nums" role="status">
              {newWhilePaused} new events while paused
            </span>
          )}
          <button
            type="button"
            data-testid="pause-button"
            onClick={onTogglePause}
            aria-label={paused ? 'Resume live updates' : 'Pause live updates'}
            title={`Freeze the table and charts; data keeps arriving${touch ? '' : ' (space)'}`}
            className={`h-7 w-20 rounded border text-xs font-medium ${
              paused ? 'border-warn bg-warn/15 text-warn' : 'border-line bg-panel-2 hover:bg-hover'
            }`}
          >
            {paused ? 'Resume' : 'Pause'}
          </button>
          <button
            type="button"
            onClick={onHelp}
            title="Keyboard shortcuts (?)"
            aria-label="Show keyboard shortcuts"
            className="kbd-hint h-7 w-7 rounded border border-line bg-panel-2 text-xs font-medium text-muted hover:bg-hover hover:text-fg"
          >
            ?
          </button>
        </div>
      </div>
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <TextField
          {...field}
          field="unit"
          label="unit"
          className="w-40"
          maxLength={256}
          placeholder="ssh.service…"
          title={`systemd unit (ssh.service, user@1000.service, session-3.scope): ${GLOB_HINT}`}
        />
        <TextField
          {...field}
          field="container"
          label="container"
          className="w-32"
          maxLength={64}
          placeholder="id or its start"
          title="Container id, or its start (the 12-character short id docker ps shows)"
        />
        <TextField
          {...field}
          field="exe"
          label="executable"
          className="w-full min-w-40"
          maxLength={4096}
          placeholder="/usr/bin/… or a glob"
          title={`Executable path of the process: ${GLOB_HINT}`}
        />
        <TextField
          {...field}
          field="slower"
          label="slower than"
          className="w-20"
          maxLength={32}
          placeholder="250us"
          title="Opens that took longer than this, from syscall entry to exit: a duration such as 250us, 1.5ms or 2s (a bare number is ns)"
        />
        <OwnToggle input={input} errors={errors} onChange={onChange} ownCount={ownCount} />
      </div>
      {messages.length > 0 && (
        <ul data-testid="filter-errors" role="alert" className="text-xs text-bad">
          {messages.map((m) => (
            <li key={m}>{m} — ignored until corrected; the other fields still filter.</li>
          ))}
        </ul>
      )}
    </form>
  );
}

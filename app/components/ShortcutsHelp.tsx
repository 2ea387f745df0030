import { useEffect, useRef } from 'react';

export interface Shortcut {
  keys: string;
  what: string;
}

/** The keyboard shortcuts, over the page; Esc, a click outside or the
 *  button closes it. */
export function ShortcutsHelp({ shortcuts, onClose }: { shortcuts: readonly Shortcut[]; onClose: () => void }) {
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => closeRef.current?.focus(), []);
  return (
    <div
      className="fixed inset-0 z-50 flex items-start justify-center bg-black/40 pt-[15vh]"
      onClick={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <div
        data-testid="shortcuts"
        role="dialog"
        aria-modal="true"
        aria-labelledby="shortcuts-title"
        className="w-80 rounded-md border border-line bg-panel shadow-lg"
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            onClose();
          }
        }}
      >
        <header className="flex items-center justify-between border-b border-line px-3 py-1.5">
          <h2 id="shortcuts-title" className="text-[11px] font-semibold tracking-wider text-muted uppercase">
            Keyboard shortcuts
          </h2>
          <button
            ref={closeRef}
            type="button"
            onClick={onClose}
            aria-label="Close"
            title="Close (Esc)"
            className="px-1 text-muted hover:text-fg"
          >
            ×
          </button>
        </header>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 px-3 py-2 text-xs">
          {shortcuts.map((s) => (
            <div key={s.keys} className="contents">
              <dt>
                <kbd className="rounded border border-line bg-panel-2 px-1.5 py-0.5 font-mono">{s.keys}</kbd>
              </dt>
              <dd className="self-center text-muted">{s.what}</dd>
            </div>
          ))}
        </dl>
      </div>
    </div>
  );
}

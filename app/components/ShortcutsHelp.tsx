import { type KeyboardEvent, useEffect, useRef } from 'react';

export interface Shortcut {
  keys: string;
  what: string;
}

const FOCUSABLE = 'button:not([disabled]), a[href], input:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** The keyboard shortcuts, over the page, as a modal dialog: it takes the
 *  focus, keeps Tab inside, and gives the focus back to where it was when
 *  it closes (Esc, a click outside or the button). */
export function ShortcutsHelp({ shortcuts, onClose }: { shortcuts: readonly Shortcut[]; onClose: () => void }) {
  const dialogRef = useRef<HTMLDivElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const before = document.activeElement;
    closeRef.current?.focus();
    return () => {
      if (before instanceof HTMLElement && before.isConnected) before.focus();
    };
  }, []);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      onClose();
    } else if (e.key === 'Tab') {
      const items = [...(dialogRef.current?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? [])];
      const first = items[0];
      const last = items[items.length - 1];
      if (!first || !last) return;
      const at = document.activeElement;
      if (e.shiftKey ? at === first || !items.includes(at as HTMLElement) : at === last) {
        e.preventDefault();
        (e.shiftKey ? last : first).focus();
      }
    }
  };

  return (
    <div
      className="fixed inset-0 z-50 flex items-start justify-center bg-black/40 px-3 pt-[15vh]"
      onClick={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <div
        ref={dialogRef}
        data-testid="shortcuts"
        role="dialog"
        aria-modal="true"
        aria-labelledby="shortcuts-title"
        className="w-80 max-w-full rounded-md border border-line bg-panel shadow-lg"
        onKeyDown={onKeyDown}
      >
        {/* A div, not a header: inside a dialog a header would be a second banner landmark. */}
        <div className="flex items-center justify-between border-b border-line px-3 py-1.5">
          <h2 id="shortcuts-title" className="text-[11px] font-semibold tracking-wider text-muted uppercase">
            Keyboard shortcuts
          </h2>
          <button
            ref={closeRef}
            type="button"
            data-testid="shortcuts-close"
            onClick={onClose}
            aria-label="Close keyboard shortcuts"
            title="Close (Esc)"
            className="h-6 w-6 rounded text-muted hover:text-fg"
          >
            ×
          </button>
        </div>
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

import { useEffect, useRef } from 'react';
import { asSentence } from '../lib/xdp-view';

const BUTTON = 'h-6 rounded border px-2 text-xs font-medium disabled:cursor-not-allowed disabled:opacity-50';

const CONTROLS = 'a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])';

/** The control just before node in the page: the button that asked, when
 *  it lost focus on the way (disabled while its request ran). */
function controlBefore(node: HTMLElement): HTMLElement | null {
  let found: HTMLElement | null = null;
  for (const el of document.querySelectorAll<HTMLElement>(CONTROLS)) {
    if (node.contains(el)) continue;
    if (!(el.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING)) break;
    found = el;
  }
  return found;
}

/** A refusal the server would override with force, put as a question:
 *  why it refused, what doing it anyway means, and yes or no. Not an
 *  error: the request was understood, and the choice is the user's. */
export function ForceConfirm({
  testId,
  reason,
  question,
  consequence,
  yesLabel,
  pending,
  onYes,
  onNo,
}: {
  testId: string;
  /** The server's sentence. */
  reason: string;
  /** e.g. "Block anyway?" */
  question?: string;
  consequence?: string;
  yesLabel: string;
  pending: boolean;
  onYes: () => void;
  onNo: () => void;
}) {
  const dialog = useRef<HTMLDivElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  // Focus on Cancel while asked; once answered, back on the button that
  // asked (or the control before the question), not lost to the body.
  useEffect(() => {
    const active = document.activeElement;
    const back = active instanceof HTMLElement && active !== document.body ? active : dialog.current && controlBefore(dialog.current);
    cancel.current?.focus();
    return () => {
      const lost = document.activeElement === null || document.activeElement === document.body;
      if (lost && back?.isConnected) back.focus();
    };
  }, []);
  return (
    <div
      ref={dialog}
      role="alertdialog"
      aria-label={question ?? `${yesLabel}?`}
      data-testid={testId}
      className="flex flex-col gap-1.5 rounded border border-warn/40 bg-warn/10 px-2 py-1.5 text-xs"
    >
      <p className="break-words text-fg">
        {asSentence(reason)}
        {question && <span className="font-medium"> {question}</span>}
      </p>
      {consequence && <p className="text-muted">{consequence}</p>}
      {/* The safe choice first, and focused: Enter or Space there changes
          nothing. Doing it anyway is the outlined, red one. */}
      <div className="flex gap-2">
        <button
          type="button"
          data-testid={`${testId}-no`}
          aria-label={`Cancel: ${question ?? yesLabel}`}
          ref={cancel}
          disabled={pending}
          onClick={onNo}
          className={`${BUTTON} border-line bg-panel-2 hover:bg-hover`}
        >
          Cancel
        </button>
        <button
          type="button"
          data-testid={`${testId}-yes`}
          disabled={pending}
          onClick={onYes}
          className={`${BUTTON} border-bad/60 bg-transparent text-bad hover:bg-bad/10`}
        >
          {pending ? 'Sending…' : yesLabel}
        </button>
      </div>
    </div>
  );
}

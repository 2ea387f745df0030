import { asSentence } from '../lib/xdp-view';

const BUTTON = 'h-6 rounded border px-2 text-xs font-medium disabled:cursor-not-allowed disabled:opacity-50';

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
  return (
    <div
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
      <div className="flex gap-2">
        <button
          type="button"
          data-testid={`${testId}-yes`}
          disabled={pending}
          onClick={onYes}
          className={`${BUTTON} border-warn bg-warn/15 text-fg hover:bg-warn/25`}
        >
          {pending ? 'Sending…' : yesLabel}
        </button>
        <button
          type="button"
          data-testid={`${testId}-no`}
          aria-label={`Cancel: ${question ?? yesLabel}`}
          disabled={pending}
          onClick={onNo}
          className={`${BUTTON} border-line bg-panel-2 hover:bg-hover`}
        >
          Cancel
        </button>
      </div>
    </div>
  );
}

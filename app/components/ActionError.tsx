export interface ForceOffer {
  /** Says what forcing does, e.g. "Replace it anyway". */
  label: string;
  title: string;
  pending: boolean;
  onClick: () => void;
}

/** A failed action's sentence, shown beside the button that sent it, with
 *  the resend-with-force confirmation when the server offered one. */
export function ActionError({
  error,
  force,
  onDismiss,
  testId,
}: {
  error: string;
  force?: ForceOffer | false;
  onDismiss: () => void;
  testId?: string;
}) {
  return (
    <div
      role="alert"
      data-testid={testId}
      className="flex items-start gap-2 rounded border border-bad/40 bg-bad/10 px-2 py-1 text-xs text-bad"
    >
      <span className="min-w-0 flex-1 break-words">{error}</span>
      {force && (
        <button
          type="button"
          data-testid="force-confirm"
          disabled={force.pending}
          title={force.title}
          onClick={force.onClick}
          className="shrink-0 rounded border border-bad bg-bad/15 px-2 py-0.5 font-medium hover:bg-bad/25 disabled:opacity-50"
        >
          {force.label}
        </button>
      )}
      <button
        type="button"
        aria-label="Dismiss error"
        title="Dismiss"
        onClick={onDismiss}
        className="h-6 w-6 shrink-0 text-muted hover:text-fg"
      >
        ×
      </button>
    </div>
  );
}

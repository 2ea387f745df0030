import { formatCount } from '../lib/format';
import { EVENTS_PAGE, MAX_HELD } from '../lib/live-events';

const BUTTON =
  'h-7 rounded border border-line bg-panel-2 px-3 text-xs font-medium hover:bg-hover disabled:opacity-60';

/** Under the event table: the way to older pages, while there are any
 *  and the table has room. */
export function EventsFooter({
  held,
  canLoadOlder,
  loading,
  onLoadOlder,
}: {
  held: number;
  canLoadOlder: boolean;
  loading: boolean;
  onLoadOlder: () => void;
}) {
  if (held >= MAX_HELD) {
    return (
      <p data-testid="events-full" className="border-t border-line px-3 py-1.5 text-center text-xs text-muted">
        The table holds at most {formatCount(MAX_HELD)} events; the export has the older ones.
      </p>
    );
  }
  if (!canLoadOlder) return null;
  return (
    <div className="flex justify-center border-t border-line px-3 py-1.5">
      <button type="button" data-testid="load-older" disabled={loading} onClick={onLoadOlder} className={BUTTON}>
        {loading ? 'Loading…' : `Load ${EVENTS_PAGE} older events`}
      </button>
    </div>
  );
}

import type { EventFilter } from '../../protocol/messages';
import { EXPORT_LIMIT, exportHref } from '../lib/links';

const LINK = 'flex h-7 items-center rounded border border-line bg-panel-2 px-2 text-xs font-medium hover:bg-hover';

/** Downloads of the events the filter matches, straight from the API: the
 *  server's buffer, not only what this page holds. */
export function ExportLinks({ filter }: { filter: EventFilter }) {
  const title = (what: string) =>
    `Download the newest ${EXPORT_LIMIT} events matching the filter that the server still has, as ${what}`;
  return (
    <span className="flex items-center gap-1" role="group" aria-label="Export">
      <a data-testid="export-csv" href={exportHref('csv', filter)} download className={LINK} title={title('CSV, oldest first')}>
        CSV
      </a>
      <a data-testid="export-json" href={exportHref('json', filter)} download className={LINK} title={title('JSON, newest first')}>
        JSON
      </a>
    </span>
  );
}
